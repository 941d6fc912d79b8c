package io.llmgateway.tools.builtin;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;

/** The current-time tool: now, in an IANA time zone (default UTC). */
@Component("currentTimeTool")
public class CurrentTime {

    private final Clock clock = Clock.systemUTC();

    public Map<String, Object> now(Map<String, Object> arguments) {
        Object zoneName = arguments.get("timezone");
        ZoneId zone;
        try {
            zone = zoneName == null || String.valueOf(zoneName).isBlank() ? ZoneId.of("UTC") : ZoneId.of(String.valueOf(zoneName));
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("Unknown time zone '" + zoneName + "'; use an IANA name such as Europe/Paris");
        }
        ZonedDateTime now = ZonedDateTime.now(clock.withZone(zone));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("timezone", zone.getId());
        answer.put("datetime", now.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        answer.put("day_of_week", now.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
        answer.put("unix_seconds", now.toEpochSecond());
        return answer;
    }
}
