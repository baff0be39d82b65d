package io.rynxs.cli;

import io.rynxs.console.Output;
import io.rynxs.console.SinkOption;
import io.rynxs.segment.Manifest;
import io.rynxs.segment.SegmentLayout;
import io.rynxs.shipping.SegmentLocation;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rynxs segments list}: the manifests in a location, and segment objects no manifest names (orphans). Nothing is verified. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List shipped segments (from their manifests) and orphan segment objects. Does not verify: use segments verify.",
        footer = {"", "Example:", "  rynxs segments list --from s3://audit/events/ --json"})
final class SegmentsListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--from", required = true, paramLabel = "URI", description = "s3://bucket/prefix/, file:///dir/ or a directory.")
    String from;

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    @Override
    public Integer call() {
        try (SegmentLocation location = SinkOption.open(from)) {
            SegmentLayout layout = location.layout();
            List<Listed> segments = new ArrayList<>();
            Set<String> named = new HashSet<>();
            StringBuilder human = new StringBuilder();
            for (String key : location.store().list(layout.manifestsPrefix())) {
                if (layout.parseManifestKey(key).isEmpty()) {
                    continue;
                }
                Listed s;
                try {
                    Manifest m = Manifest.parse(location.store().get(key).orElseThrow());
                    named.add(layout.prefix() + m.object());
                    s = new Listed(key, m.first(), m.last(), m.count(), layout.prefix() + m.object(), m.objectBytes(), m.sealedAt(), null);
                    human.append(String.format("%d..%d  %d events  %s  %s%n", m.first(), m.last(), m.count(), m.sealedAt(), m.object()));
                } catch (IllegalArgumentException | NoSuchElementException e) {
                    s = new Listed(key, null, null, null, null, null, null, e.getMessage() == null ? "unreadable" : e.getMessage());
                    human.append(key).append("  unreadable manifest\n");
                }
                segments.add(s);
            }
            List<String> orphans = location.store().list(layout.segmentsPrefix()).stream()
                    .filter(k -> layout.parseSegmentKey(k).isPresent() && !named.contains(k)).toList();
            orphans.forEach(o -> human.append("orphan (no manifest): ").append(o).append('\n'));
            Listing out = new Listing(segments, orphans);
            if (json) {
                Output.print(spec, true, out, null);
            } else {
                PrintWriter w = spec.commandLine().getOut();
                w.print(human);
                w.flush();
            }
        }
        return ExitCodes.OK;
    }

    /** One manifest: its range and object, or why it could not be read. */
    private record Listed(String manifest, Long first, Long last, Long count, String object, Long objectBytes, String sealedAt, String error) {}

    private record Listing(List<Listed> segments, List<String> orphans) {}
}
