package io.rynxs.event;

import java.util.regex.Pattern;

/** The two families of event type names: operator events and dotted names from external producers. */
public final class EventType {
    private static final Pattern EXTERNAL = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-zA-Z0-9-]+)+");
    private static final int MAX_EXTERNAL_LENGTH = 128;

    private EventType() {}

    /** True for names like {@code AgentObserved}. */
    public static boolean isOperator(String type) {
        if (type == null || type.isEmpty() || type.length() > 64) {
            return false;
        }
        char first = type.charAt(0);
        if (first < 'A' || first > 'Z') {
            return false;
        }
        for (int i = 1; i < type.length(); i++) {
            char c = type.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
                return false;
            }
        }
        return true;
    }

    /** True for names like {@code audit.ToolInvoked}. */
    public static boolean isExternal(String type) {
        return type != null && type.length() <= MAX_EXTERNAL_LENGTH && EXTERNAL.matcher(type).matches();
    }

    /** Rejects a name that is neither. */
    public static String check(String type) {
        if (!isOperator(type) && !isExternal(type)) {
            throw new InvalidEventException("event type " + quote(type) + " is not allowed (use ^[A-Z][A-Za-z0-9]{0,63}$"
                    + " for operator events or a dotted lower-case prefix such as audit.ToolInvoked, at most "
                    + MAX_EXTERNAL_LENGTH + " characters)");
        }
        return type;
    }

    static String quote(String s) {
        if (s == null) {
            return "(missing)";
        }
        return "\"" + (s.length() > 80 ? s.substring(0, 77) + "..." : s) + "\"";
    }
}
