package io.rynxs.event;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** The {@code time} field: RFC 3339 UTC with exactly three fraction digits, e.g. {@code 2026-11-26T10:00:00.000Z}. */
public final class EventTime {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final String LAYOUT = "dddd-dd-ddTdd:dd:dd.dddZ";

    private EventTime() {}

    public static String format(Instant instant) {
        return FORMAT.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }

    /** Checks shape and calendar without a parser: this runs once per event in every verification. */
    public static boolean isValid(String time) {
        if (time == null || time.length() != 24) {
            return false;
        }
        for (int i = 0; i < 24; i++) {
            char c = time.charAt(i);
            char want = LAYOUT.charAt(i);
            if (want == 'd' ? (c < '0' || c > '9') : c != want) {
                return false;
            }
        }
        int month = number(time, 5, 2);
        int day = number(time, 8, 2);
        if (month < 1 || month > 12 || day < 1 || day > YearMonth.of(number(time, 0, 4), month).lengthOfMonth()) {
            return false;
        }
        return number(time, 11, 2) < 24 && number(time, 14, 2) < 60 && number(time, 17, 2) < 60;
    }

    /** Parses a valid time. */
    public static Instant parse(String time) {
        if (!isValid(time)) {
            throw new InvalidEventException("time " + EventType.quote(time) + " is not RFC 3339 UTC with three fraction digits");
        }
        return Instant.parse(time);
    }

    private static int number(String s, int from, int length) {
        int n = 0;
        for (int i = from; i < from + length; i++) {
            n = n * 10 + (s.charAt(i) - '0');
        }
        return n;
    }
}
