package io.ramal.extensions.store;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The extensions file as text, edited where an entry's lines are and nowhere else, so that what
 * people wrote stays: the comments, the blank lines between entries, the other entries' quoting
 * and key order. Jackson's YAML parser says on which line each entry of {@code extensions:}
 * starts and where the list ends; an entry's lines run from its {@code -} to the next one's,
 * less the blank and comment lines at the end (those belong to what follows). An added entry is
 * written after the last one at the same indentation, separated by a blank line when the file
 * separates its entries so; an updated one replaces its own lines; a removed one takes its lines
 * (and one blank line) away; {@code enabled} changes one line of a block entry. A list written
 * inline ({@code extensions: []}) becomes a block list on its first edit.
 *
 * <p>Each edit returns the new text; {@link FileExtensionStore} checks that it reads back as the
 * entries intended before writing it.
 */
final class ExtensionsFileText {

    private static final YAMLFactory FACTORY = new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .disable(YAMLGenerator.Feature.SPLIT_LINES) // a long description stays on its line
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS);
    /** The file's YAML, read and written: the store reads entries with it. */
    static final ObjectMapper YAML = new ObjectMapper(FACTORY);
    private static final Pattern ENABLED_KEY = Pattern.compile("enabled\\s*:.*");
    private static final int DEFAULT_INDENT = 2;

    /** How the file holds its list: no list yet, {@code extensions:} with no value, inline, or a block of {@code -} lines. */
    private enum Shape { ABSENT, EMPTY_KEY, INLINE, BLOCK }

    /** One entry's lines, 0-based: from its {@code -} line to {@code end} (exclusive, trailing blanks and comments left out). */
    private record Item(int dashLine, int end, boolean blockMapping, int keyColumn) {
    }

    private final List<String> lines;
    private final String newline;
    private final Shape shape;
    /** The {@code extensions} key's line (EMPTY_KEY), or the line of {@code [} and of {@code ]} (INLINE). */
    private final int keyLine;
    private final int inlineEndLine;
    private final List<Item> items;

    private ExtensionsFileText(List<String> lines, String newline, Shape shape, int keyLine, int inlineEndLine,
                               List<Item> items) {
        this.lines = lines;
        this.newline = newline;
        this.shape = shape;
        this.keyLine = keyLine;
        this.inlineEndLine = inlineEndLine;
        this.items = items;
    }

    /** Locates the entries of {@code text}, which the store has already read as a valid file. */
    static ExtensionsFileText of(String text) throws IOException {
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        String newline = text.contains("\r\n") ? "\r\n" : "\n";
        try (JsonParser p = FACTORY.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return new ExtensionsFileText(lines, newline, Shape.ABSENT, -1, -1, List.of());
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                int key = p.currentTokenLocation().getLineNr() - 1;
                JsonToken value = p.nextToken();
                if (!"extensions".equals(name)) {
                    p.skipChildren();
                } else if (value == JsonToken.START_ARRAY) {
                    return list(p, lines, newline);
                } else {
                    return new ExtensionsFileText(lines, newline, Shape.EMPTY_KEY, key, -1, List.of());
                }
            }
        }
        return new ExtensionsFileText(lines, newline, Shape.ABSENT, -1, -1, List.of());
    }

    private static ExtensionsFileText list(JsonParser p, List<String> lines, String newline) throws IOException {
        JsonLocation start = p.currentTokenLocation();
        boolean inline = charAt(lines, start) == '[';
        List<int[]> found = new ArrayList<>(); // start line, start column, block mapping (1/0)
        while (p.nextToken() != JsonToken.END_ARRAY) {
            JsonLocation at = p.currentTokenLocation();
            boolean mapping = p.currentToken() == JsonToken.START_OBJECT && charAt(lines, at) != '{';
            p.skipChildren();
            found.add(new int[] {at.getLineNr() - 1, at.getColumnNr() - 1, mapping ? 1 : 0});
        }
        JsonLocation end = p.currentTokenLocation();
        if (inline) {
            return new ExtensionsFileText(lines, newline, Shape.INLINE, start.getLineNr() - 1, end.getLineNr() - 1,
                    List.of());
        }
        // The list ends where the next key starts (a line of its own), or with the text.
        int listEnd = end.getColumnNr() == 1 ? end.getLineNr() - 1 : end.getLineNr();
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < found.size(); i++) {
            int dash = dashLine(lines, found.get(i)[0]);
            int next = i + 1 < found.size() ? dashLine(lines, found.get(i + 1)[0]) : Math.min(listEnd, lines.size());
            int last = next;
            while (last > dash + 1 && isBlankOrComment(lines.get(last - 1))) {
                last--;
            }
            items.add(new Item(dash, last, found.get(i)[2] == 1, found.get(i)[1]));
        }
        return new ExtensionsFileText(lines, newline, Shape.BLOCK, -1, -1, items);
    }

    /** The line of the {@code -} that opens the entry whose first token is on {@code line}. */
    private static int dashLine(List<String> lines, int line) {
        int l = line;
        while (l > 0 && !lines.get(l).strip().startsWith("-")) {
            l--;
        }
        return l;
    }

    private static char charAt(List<String> lines, JsonLocation at) {
        String line = lines.get(at.getLineNr() - 1);
        int col = at.getColumnNr() - 1;
        if (col >= line.codePointCount(0, line.length())) {
            return 0;
        }
        return line.charAt(line.offsetByCodePoints(0, col));
    }

    private static boolean isBlankOrComment(String line) {
        String s = line.strip();
        return s.isEmpty() || s.startsWith("#");
    }

    /** The text with {@code entry} after the last entry. */
    String append(Map<String, Object> entry, List<Map<String, Object>> all) throws IOException {
        List<String> out = new ArrayList<>(lines);
        switch (shape) {
            case BLOCK -> {
                Item last = items.get(items.size() - 1);
                List<String> block = render(entry, indent(last));
                if (separatedByBlankLines()) {
                    block.add(0, "");
                }
                out.addAll(last.end(), block);
            }
            case EMPTY_KEY -> {
                out.set(keyLine, out.get(keyLine).replaceFirst("^(extensions\\s*:)\\s*(~|null|Null|NULL)?", "$1"));
                out.addAll(keyLine + 1, render(entry, DEFAULT_INDENT));
            }
            case INLINE -> {
                return blockInsteadOfInline(all);
            }
            default -> {
                if (!out.get(out.size() - 1).isEmpty()) {
                    out.add(""); // the text's last line gets its newline
                }
                List<String> block = new ArrayList<>(List.of("extensions:"));
                block.addAll(render(entry, DEFAULT_INDENT));
                out.addAll(out.size() - 1, block);
            }
        }
        return join(out);
    }

    /** The text with entry {@code index} in its place as {@code entry}. */
    String replace(int index, Map<String, Object> entry, List<Map<String, Object>> all) throws IOException {
        if (shape == Shape.INLINE) {
            return blockInsteadOfInline(all);
        }
        Item item = items.get(index);
        List<String> out = new ArrayList<>(lines);
        out.subList(item.dashLine(), item.end()).clear();
        out.addAll(item.dashLine(), render(entry, indent(item)));
        return join(out);
    }

    /** The text without entry {@code index}, nor the blank line that set it apart. */
    String remove(int index, List<Map<String, Object>> all) throws IOException {
        if (shape == Shape.INLINE) {
            return blockInsteadOfInline(all);
        }
        Item item = items.get(index);
        List<String> out = new ArrayList<>(lines);
        int from = item.dashLine();
        int to = item.end();
        if (to < out.size() - 1 && out.get(to).isBlank()) {
            to++;
        } else if (from > 0 && out.get(from - 1).isBlank()) {
            from--;
        }
        out.subList(from, to).clear();
        return join(out);
    }

    /**
     * The text with entry {@code index} enabled (its {@code enabled:} line gone: true is the
     * default) or disabled ({@code enabled: false}); {@code entry} is the whole entry after the
     * change, written anew when the entry is not a block of its own lines.
     */
    String setEnabled(int index, boolean enabled, Map<String, Object> entry, List<Map<String, Object>> all)
            throws IOException {
        if (shape == Shape.INLINE) {
            return blockInsteadOfInline(all);
        }
        Item item = items.get(index);
        if (!item.blockMapping()) {
            return replace(index, entry, all);
        }
        String keyIndent = " ".repeat(item.keyColumn());
        int found = -1;
        for (int l = item.dashLine(); l < item.end(); l++) {
            String line = lines.get(l);
            if (line.startsWith(keyIndent) && ENABLED_KEY.matcher(line.substring(keyIndent.length())).matches()) {
                found = l;
            }
        }
        if (found == item.dashLine()) {
            return replace(index, entry, all); // "- enabled: ...": the entry's first line
        }
        List<String> out = new ArrayList<>(lines);
        if (found >= 0 && enabled) {
            out.remove(found);
        } else if (found >= 0) {
            out.set(found, keyIndent + "enabled: false");
        } else if (!enabled) {
            out.add(item.end(), keyIndent + "enabled: false");
        }
        return join(out);
    }

    /** An inline list cannot be edited line by line: the whole list becomes a block of {@code all}. */
    private String blockInsteadOfInline(List<Map<String, Object>> all) throws IOException {
        List<String> out = new ArrayList<>(lines.subList(0, keyLine));
        String open = lines.get(keyLine);
        int bracket = open.indexOf('[');
        String close = lines.get(inlineEndLine);
        String after = close.substring(close.lastIndexOf(']') + 1).stripTrailing();
        out.add(open.substring(0, bracket).stripTrailing() + (after.isBlank() ? "" : " " + after.strip()));
        for (Map<String, Object> e : all) {
            out.addAll(render(e, DEFAULT_INDENT));
        }
        out.addAll(lines.subList(inlineEndLine + 1, lines.size()));
        return join(out);
    }

    private boolean separatedByBlankLines() {
        return items.size() > 1 && items.get(1).dashLine() > 0 && lines.get(items.get(1).dashLine() - 1).isBlank();
    }

    private int indent(Item item) {
        String line = lines.get(item.dashLine());
        return line.indexOf('-');
    }

    /** One entry as block lines whose {@code -} stands at {@code indent}. */
    private static List<String> render(Map<String, Object> entry, int indent) throws IOException {
        String[] yaml = YAML.writeValueAsString(List.of(entry)).split("\n");
        int own = yaml[0].indexOf('-'); // the generator indents a list of its own
        List<String> out = new ArrayList<>();
        String pad = " ".repeat(indent);
        for (String line : yaml) {
            out.add(pad + line.substring(Math.min(own, line.length() - line.stripLeading().length())));
        }
        return out;
    }

    /** The lines joined again, each new line ending as the file's lines end ({@code \r\n} or {@code \n}). */
    private String join(List<String> out) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < out.size(); i++) {
            boolean last = i == out.size() - 1;
            String line = out.get(i);
            sb.append(line);
            if (!last && newline.length() == 2 && !line.endsWith("\r")) {
                sb.append('\r');
            }
            if (!last) {
                sb.append('\n');
            }
        }
        return sb.toString();
    }
}
