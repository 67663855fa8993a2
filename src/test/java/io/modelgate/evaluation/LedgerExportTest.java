package io.modelgate.evaluation;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Markdown results table is safe to render: no cell carries live HTML or breaks the table. */
class LedgerExportTest {

    private static RunRecord row(String system, String description, String comment) {
        return new RunRecord("r1", system, "onnx", description, "t", TestSetRef.parse("test@ab"), null, "ff", "accuracy",
                Map.of("accuracy", new MetricValue(0.9, 0.8, 1.0, 10)), 10, 0, 1, 2, 3, 4, 0, 0, null, "abc",
                Instant.parse("2026-11-26T12:00:00Z"), Instant.parse("2026-11-26T12:01:00Z"), comment, "complete");
    }

    private static String dataLine(String markdown) {
        return markdown.lines().toList().get(2);
    }

    @Test
    void htmlInACommentIsEscaped() {
        String line = dataLine(LedgerExport.markdown(List.of(row("s", "d", "<script>alert('x')</script> & \"more\""))));
        assertFalse(line.contains("<script>"), line);
        assertTrue(line.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;more&quot;"), line);
    }

    @Test
    void htmlInEveryTextCellIsEscaped() {
        String line = dataLine(LedgerExport.markdown(List.of(row("<b>s</b>", "<img src=x onerror=alert(1)>", null))));
        assertFalse(line.contains("<"), line);
        assertTrue(line.contains("&lt;b&gt;s&lt;/b&gt;"), line);
        assertTrue(line.contains("&lt;img src=x onerror=alert(1)&gt;"), line);
    }

    @Test
    void pipesAndLineBreaksStayInsideTheirCell() {
        String table = LedgerExport.markdown(List.of(row("s", "d", "a | b\nc")));
        assertEquals(3, table.lines().count(), table);
        assertTrue(dataLine(table).endsWith("| a \\| b c |"), table);
    }
}
