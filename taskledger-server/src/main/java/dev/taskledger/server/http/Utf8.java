package dev.taskledger.server.http;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8 decoding, the one place the server turns request bytes into text (bodies, form fields, query
 * strings). Bytes that are not UTF-8 — invalid bytes, truncated sequences, overlong forms such as
 * {@code C0 AF} for {@code /}, encoded surrogates such as {@code ED A0 80} — are refused, never replaced by
 * U+FFFD or decoded leniently: replacing them made different values equal (two ledger names that differed only
 * in such bytes updated the same entry), and Jackson decodes overlong forms as the character they spell.
 */
public final class Utf8 {
    private Utf8() {}

    /** The text of {@code bytes}, or null when they are not UTF-8. */
    public static String decodeOrNull(byte[] bytes) {
        if (isAscii(bytes)) {
            return new String(bytes, StandardCharsets.US_ASCII);
        }
        try {
            return decoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** The offset of the first byte of {@code bytes} that does not begin (or continue) valid UTF-8, or -1 when all are valid. */
    public static int firstInvalid(byte[] bytes) {
        if (isAscii(bytes)) {
            return -1;
        }
        CharsetDecoder decoder = decoder();
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(8192);
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            if (result.isError()) {
                return in.position();
            }
            if (result.isUnderflow()) {
                result = decoder.flush(out);
                return result.isError() ? in.position() : -1;
            }
            out.clear(); // overflow: the text itself is not needed
        }
    }

    private static boolean isAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    private static CharsetDecoder decoder() {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }
}
