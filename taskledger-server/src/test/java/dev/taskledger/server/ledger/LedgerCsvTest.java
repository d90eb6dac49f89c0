package dev.taskledger.server.ledger;

import dev.taskledger.common.ServiceException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The ledger's RFC 4180 CSV reader and writer. */
class LedgerCsvTest {

    private static Csv.Reader reader(String text) {
        return new Csv.Reader(new StringReader(text), 0);
    }

    @Test
    void reads_quotedCommasQuotesAndLineBreaks_crlfAndLf_andABom() throws IOException {
        Csv.Reader r = reader("\uFEFFa,b,c\r\n\"x,1\",\"say \"\"hi\"\"\",\"two\r\nlines\"\nplain,,\"\"\nlast,no,newline");
        assertThat(r.next()).containsExactly("a", "b", "c");
        assertThat(r.next()).containsExactly("x,1", "say \"hi\"", "two\r\nlines");
        assertThat(r.row()).isEqualTo(1);
        assertThat(r.next()).containsExactly("plain", "", "");
        assertThat(r.next()).containsExactly("last", "no", "newline");
        assertThat(r.next()).isNull();
    }

    @Test
    void emptyLine_isOneEmptyField_andAQuoteInsideAnUnquotedFieldIsKept() throws IOException {
        Csv.Reader r = reader("\nab\"c,d\n");
        assertThat(r.next()).containsExactly("");
        assertThat(r.next()).containsExactly("ab\"c", "d");
    }

    @Test
    void unclosedQuote_andTextAfterAClosingQuote_are400NamingTheRow() throws IOException {
        Csv.Reader open = reader("h\n\"never closed\n");
        open.next();
        assertThatThrownBy(open::next).isInstanceOf(ServiceException.class).hasMessageContaining("row 1")
                .hasMessageContaining("not closed");
        Csv.Reader after = reader("h\nok\n\"x\"y\n");
        after.next();
        after.next();
        assertThatThrownBy(after::next).isInstanceOf(ServiceException.class).hasMessageContaining("row 2");
    }

    @Test
    void writesQuotesOnlyWhenNeeded_andReadsBackWhatItWrote() throws IOException {
        List<String> values = List.of("plain", "a,b", "say \"hi\"", "two\nlines", "cr\rhere", "", "日本😀");
        StringBuilder line = new StringBuilder();
        for (String v : values) {
            if (!line.isEmpty()) {
                line.append(',');
            }
            Csv.appendField(line, v);
        }
        assertThat(line.toString()).startsWith("plain,\"a,b\",\"say \"\"hi\"\"\",");
        assertThat(new Csv.Reader(new StringReader(line + "\r\n"), 0).next()).containsExactlyElementsOf(values);
    }
}
