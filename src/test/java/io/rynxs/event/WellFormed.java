package io.rynxs.event;

/** For generators of JSON strings: whether a Java string is well-formed UTF-16 (no lone surrogate), as JSON text must be. */
public final class WellFormed {
    private WellFormed() {}

    public static boolean utf16(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
