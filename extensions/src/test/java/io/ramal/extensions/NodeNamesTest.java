package io.ramal.extensions;

import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Node names: what a name may be, and a {@code nodes} value read from a list or a comma string. */
class NodeNamesTest {

    private static String refusal(Object value) {
        return assertThrows(IllegalArgumentException.class, () -> NodeNames.parse("nodes", value)).getMessage();
    }

    @Test
    void aNameIsOneToSixtyThreeLettersDigitsDotsUnderscoresAndHyphens() {
        assertTrue(NodeNames.valid("gw-a"));
        assertTrue(NodeNames.valid("gw_2.dc1"));
        assertTrue(NodeNames.valid("x".repeat(63)));
        assertFalse(NodeNames.valid("x".repeat(64)));
        assertFalse(NodeNames.valid(""));
        assertFalse(NodeNames.valid(null));
        assertFalse(NodeNames.valid("gw a"));
        assertFalse(NodeNames.valid("gw\nWARN forged"));
        assertFalse(NodeNames.valid("gw,b"));
        assertEquals("node.name 'gw\\na' is invalid, allowed: 1-63 of letters, digits and . _ -",
                assertThrows(IllegalArgumentException.class, () -> NodeNames.check("node.name", "gw\na")).getMessage());
    }

    @Test
    void aListOrACommaStringIsCheckedAndKeepsItsFirstOrderWithoutDuplicates() {
        assertEquals(List.of("gw-b", "gw-a"), NodeNames.parse("nodes", List.of("gw-b", "gw-a", "gw-b")));
        assertEquals(List.of("gw-b", "gw-a"), NodeNames.parse("nodes", " gw-b, gw-a ,,gw-b,"));
        assertEquals(List.of("2", "3"), NodeNames.parse("nodes", List.of(2, 3L)), "digits read from YAML as numbers");
        assertEquals(List.of(), NodeNames.parse("nodes", ""));
        assertEquals(List.of(), NodeNames.parse("nodes", " , "));
        assertEquals(List.of(), NodeNames.parse("nodes", null));
        assertEquals(List.of(), NodeNames.parse("nodes", List.of()));
        assertThrows(UnsupportedOperationException.class, () -> NodeNames.parse("nodes", "a").add("b"));
    }

    @Test
    void eachKindOfBadValueNamesTheKeyTheValueAndWhatIsAllowed() {
        assertEquals("nodes entry 'gw a' is invalid, allowed: 1-63 of letters, digits and . _ -",
                refusal(List.of("gw-b", "gw a")));
        assertEquals("nodes entry 'gw a' is invalid, allowed: 1-63 of letters, digits and . _ -", refusal("gw-b,gw a"));
        assertTrue(refusal(Collections.singletonList(null)).startsWith("nodes entry 'null' is invalid"));
        assertTrue(refusal(List.of("")).startsWith("nodes entry '' is invalid"));
        assertTrue(refusal(List.of(1.5)).startsWith("nodes entry '1.5' is invalid, allowed: a node name of 1-63"));
        assertTrue(refusal(List.of(Map.of("a", 1))).startsWith("nodes entry '{a=1}' is invalid"));
        assertTrue(refusal(true).startsWith("nodes=true is invalid, allowed: a list of node names"));
        assertTrue(refusal(Map.of("gw-a", 1)).startsWith("nodes={gw-a=1} is invalid"));
        List<String> many = IntStream.range(0, NodeNames.MAX_NODES + 1).mapToObj(i -> "gw-" + i).toList();
        assertEquals("nodes lists 65 nodes, allowed: at most 64", refusal(many));
        assertEquals(NodeNames.MAX_NODES, NodeNames.parse("nodes", many.subList(0, 64)).size());
    }
}
