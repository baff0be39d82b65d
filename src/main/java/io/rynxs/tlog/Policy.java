package io.rynxs.tlog;

import io.rynxs.checkpoint.CosignerKey;
import io.rynxs.checkpoint.VerifierKey;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A C2SP tlog-policy: the logs whose checkpoints are accepted, the witnesses and their cosigner keys, named
 * groups with thresholds, and the quorum a checkpoint's cosignatures must meet. The same file configures the
 * witnesses Rynxs asks to cosign ({@code RYNXS_WITNESSES}, where each witness needs its URL) and the offline
 * check of a proof file ({@code rynxs proof verify --policy}).
 */
public final class Policy {
    /** The predefined quorum name that requires no cosignature. */
    public static final String NONE = "none";
    private static final int MAX_ITEMS = 32;

    /** A log line: its key (named by the log's origin) and optional URL. */
    public record Log(VerifierKey key, URI url) {}

    /** A witness line: its policy name, cosigner key and optional submission prefix. */
    public record Witness(String name, CosignerKey key, URI url) {}

    private record Group(String name, int threshold, List<String> members) {}

    private final List<Log> logs;
    private final Map<String, Witness> witnesses;
    private final Map<String, Group> groups;
    private final String quorum;

    private Policy(List<Log> logs, Map<String, Witness> witnesses, Map<String, Group> groups, String quorum) {
        this.logs = List.copyOf(logs);
        this.witnesses = witnesses;
        this.groups = groups;
        this.quorum = quorum;
    }

    /** A policy that accepts {@code log} with no witnesses ({@code quorum none}). */
    public static Policy ofLog(VerifierKey log) {
        return new Policy(List.of(new Log(log, null)), Map.of(), Map.of(), NONE);
    }

    /** Parses policy text; throws {@link IllegalArgumentException} naming the line and what is allowed. */
    public static Policy parse(String text) {
        List<Log> logs = new ArrayList<>();
        Map<String, Witness> witnesses = new LinkedHashMap<>();
        Map<String, Group> groups = new LinkedHashMap<>();
        String quorum = null;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int number = i + 1;
            for (char c : line.toCharArray()) {
                if (c < 0x20 && c != '\t' || c == 0x7F) {
                    throw problem(number, "control character U+" + String.format("%04X", (int) c)
                            + " (a policy allows only tab and newline; CRLF line ends are not allowed)");
                }
            }
            String[] f = line.strip().isEmpty() ? new String[0] : line.strip().split("[ \t]+");
            if (f.length == 0 || f[0].startsWith("#")) {
                continue;
            }
            switch (f[0]) {
                case "log" -> {
                    arity(number, f, 2, 3, "log <vkey> [<url>]");
                    VerifierKey key = key(number, () -> VerifierKey.parse(f[1]));
                    if (logs.stream().anyMatch(l -> Arrays.equals(l.key().publicKey(), key.publicKey()))) {
                        throw problem(number, "log key " + f[1] + " is listed twice (duplicate logs are not allowed)");
                    }
                    logs.add(new Log(key, f.length == 3 ? url(number, f[2]) : null));
                }
                case "witness" -> {
                    arity(number, f, 3, 4, "witness <name> <vkey> [<url>]");
                    fresh(number, f[1], witnesses, groups);
                    CosignerKey key = key(number, () -> CosignerKey.parse(f[2]));
                    if (witnesses.values().stream().anyMatch(w -> Arrays.equals(w.key().publicKey(), key.publicKey()))) {
                        throw problem(number, "witness key " + f[2] + " is listed twice (duplicate witnesses are not allowed)");
                    }
                    witnesses.put(f[1], new Witness(f[1], key, f.length == 4 ? url(number, f[3]) : null));
                }
                case "group" -> {
                    if (f.length < 4) {
                        throw problem(number, "expected group <name> all|any|<k> <member>... with at least one member");
                    }
                    fresh(number, f[1], witnesses, groups);
                    List<String> members = Arrays.asList(f).subList(3, f.length);
                    Set<String> seen = new HashSet<>();
                    for (String m : members) {
                        if (!witnesses.containsKey(m) && !groups.containsKey(m)) {
                            throw problem(number, "member " + m + " is not a witness or group defined on an earlier line");
                        }
                        if (!seen.add(m)) {
                            throw problem(number, "member " + m + " is listed twice (each name counts once in a group)");
                        }
                    }
                    int k = switch (f[2]) {
                        case "all" -> members.size();
                        case "any" -> 1;
                        default -> threshold(number, f[2], members.size());
                    };
                    groups.put(f[1], new Group(f[1], k, List.copyOf(members)));
                }
                case "quorum" -> {
                    arity(number, f, 2, 2, "quorum <name>");
                    if (quorum != null) {
                        throw problem(number, "a second quorum line (a policy has exactly one)");
                    }
                    if (!f[1].equals(NONE) && !witnesses.containsKey(f[1]) && !groups.containsKey(f[1])) {
                        throw problem(number, "quorum " + f[1] + " is not none or a witness or group defined on an earlier line");
                    }
                    quorum = f[1];
                }
                default -> throw problem(number, "unknown keyword \"" + f[0] + "\" (allowed: log, witness, group, quorum, # comments)");
            }
            if (logs.size() > MAX_ITEMS || witnesses.size() > MAX_ITEMS || groups.size() > MAX_ITEMS) {
                throw problem(number, "more than " + MAX_ITEMS + " logs, witnesses or groups (the limit of this implementation)");
            }
        }
        if (quorum == null) {
            throw new IllegalArgumentException("policy: no quorum line (add quorum <name>, or quorum none to require no cosignature)");
        }
        return new Policy(logs, witnesses, groups, quorum);
    }

    public List<Log> logs() {
        return logs;
    }

    public Collection<Witness> witnesses() {
        return witnesses.values();
    }

    public String quorum() {
        return quorum;
    }

    /** Whether cosignatures by the witnesses named in {@code cosigned} meet the quorum. */
    public boolean satisfied(Set<String> cosigned) {
        return quorum.equals(NONE) || witnessed(quorum, cosigned);
    }

    private boolean witnessed(String name, Set<String> cosigned) {
        Group g = groups.get(name);
        if (g == null) {
            return cosigned.contains(name);
        }
        return g.members().stream().filter(m -> witnessed(m, cosigned)).count() >= g.threshold();
    }

    private static void arity(int number, String[] f, int min, int max, String form) {
        if (f.length < min || f.length > max) {
            throw problem(number, "expected " + form + ", got " + f.length + " fields");
        }
    }

    private static void fresh(int number, String name, Map<String, Witness> witnesses, Map<String, Group> groups) {
        if (name.equals(NONE)) {
            throw problem(number, "the name none is predefined (choose another name)");
        }
        if (witnesses.containsKey(name) || groups.containsKey(name)) {
            throw problem(number, "the name " + name + " is defined twice (witnesses and groups share one namespace)");
        }
    }

    private static int threshold(int number, String text, int members) {
        if (!text.matches("[1-9][0-9]{0,2}")) {
            throw problem(number, "threshold \"" + text + "\" is not all, any or a decimal k with 1 ≤ k ≤ " + members);
        }
        int k = Integer.parseInt(text);
        if (k > members) {
            throw problem(number, "threshold " + k + " is more than the group's " + members + " members (1 ≤ k ≤ n)");
        }
        return k;
    }

    private static URI url(int number, String text) {
        try {
            URI u = new URI(text);
            if (u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https")) || u.getHost() == null) {
                throw problem(number, "URL " + text + " is not an http:// or https:// URL with a host");
            }
            return u;
        } catch (URISyntaxException e) {
            throw problem(number, "URL " + text + " does not parse: " + e.getReason());
        }
    }

    private interface KeyParse<K> {
        K parse();
    }

    private static <K> K key(int number, KeyParse<K> parse) {
        try {
            return parse.parse();
        } catch (IllegalArgumentException e) {
            throw problem(number, e.getMessage());
        }
    }

    private static IllegalArgumentException problem(int number, String what) {
        return new IllegalArgumentException("policy line " + number + ": " + what);
    }
}
