package io.ramal.gateway.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.ramal.extensions.LogText;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A report's rows and how to print them: an aligned table for people (numbers to the right,
 * durations in seconds with one decimal, the service level in percent, {@code -} for none), CSV
 * (RFC 4180, a header of the column keys, seconds to the millisecond, ratios to four decimals,
 * empty for none) and JSON (an array of objects keyed as the CSV header, {@code null} for none).
 * Every format prints the same rows in the same order.
 */
public final class ReportTable {

    /** What a column holds, which decides how it prints. */
    public enum Kind {
        /** A name or a day. */
        TEXT,
        /** A count. */
        COUNT,
        /** A duration held in milliseconds, printed in seconds. */
        MILLIS,
        /** A share between 0 and 1. */
        RATIO,
        /** Whole seconds. */
        SECONDS
    }

    /** One column: its key (CSV header and JSON field), its table header and its kind. */
    public record Column(String key, String header, Kind kind) {
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    private final List<Column> columns;
    private final List<Map<String, Object>> rows;

    /** @param rows each row's values by column key (a {@link Long}, {@link Double} or {@link String}; null for none) */
    public ReportTable(List<Column> columns, List<Map<String, Object>> rows) {
        this.columns = List.copyOf(columns);
        this.rows = List.copyOf(rows);
    }

    public List<Map<String, Object>> rows() {
        return rows;
    }

    /** The aligned table, one line per row after the header; cells escaped as log values are. */
    public String table() {
        List<String[]> lines = new ArrayList<>();
        lines.add(columns.stream().map(Column::header).toArray(String[]::new));
        for (Map<String, Object> r : rows) {
            lines.add(columns.stream().map(c -> LogText.escape(human(c.kind(), r.get(c.key())), 256))
                    .toArray(String[]::new));
        }
        int[] width = new int[columns.size()];
        for (String[] l : lines) {
            for (int i = 0; i < l.length; i++) {
                width[i] = Math.max(width[i], l[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] l : lines) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < l.length; i++) {
                String pad = " ".repeat(width[i] - l[i].length());
                line.append(i == 0 ? "" : "  ").append(columns.get(i).kind() == Kind.TEXT ? l[i] + pad : pad + l[i]);
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }

    /** CSV with a header line of the column keys, lines ended by CRLF as RFC 4180 has it. */
    public String csv() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.join(",", columns.stream().map(Column::key).toList())).append("\r\n");
        for (Map<String, Object> r : rows) {
            List<String> cells = new ArrayList<>(columns.size());
            for (Column c : columns) {
                Object v = machine(c.kind(), r.get(c.key()));
                cells.add(v == null ? "" : quote(v instanceof BigDecimal b ? b.toPlainString() : v.toString()));
            }
            sb.append(String.join(",", cells)).append("\r\n");
        }
        return sb.toString();
    }

    /** A JSON array of one object per row. */
    public String json() {
        List<Map<String, Object>> out = new ArrayList<>(rows.size());
        for (Map<String, Object> r : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (Column c : columns) {
                m.put(c.key(), machine(c.kind(), r.get(c.key())));
            }
            out.add(m);
        }
        try {
            return JSON.writeValueAsString(out) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("report cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String human(Kind kind, Object v) {
        if (v == null) {
            return "-";
        }
        return switch (kind) {
            case TEXT, COUNT -> v.toString();
            case MILLIS -> String.format(Locale.ROOT, "%.1f", ((Number) v).longValue() / 1000.0);
            case RATIO -> String.format(Locale.ROOT, "%.1f%%", ((Number) v).doubleValue() * 100);
            case SECONDS -> v + "s";
        };
    }

    private static Object machine(Kind kind, Object v) {
        if (v == null) {
            return null;
        }
        return switch (kind) {
            case TEXT -> v.toString();
            case COUNT, SECONDS -> ((Number) v).longValue();
            case MILLIS -> BigDecimal.valueOf(((Number) v).longValue(), 3).stripTrailingZeros();
            case RATIO -> BigDecimal.valueOf(((Number) v).doubleValue()).setScale(4, RoundingMode.HALF_UP)
                    .stripTrailingZeros();
        };
    }

    private static String quote(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
