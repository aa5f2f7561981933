package dev.windsurf.data.internal.domain;

import dev.windsurf.data.internal.validation.TextRules;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Encodes the position of keyset pagination, the id of the last item of a page, as an opaque cursor: unpadded
 * URL-safe Base64 of {@code 1:<id>}, the 1 being the format's version. Stateless and thread-safe.
 */
public final class Cursors {

    private static final String VERSION = "1:";

    private Cursors() {
    }

    /** The cursor that points after the item with this id. */
    public static String after(String id) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((VERSION + id).getBytes(StandardCharsets.US_ASCII));
    }

    /** The id a cursor points after, or null when the text is not a cursor this class made. */
    public static String decode(String cursor) {
        if (cursor.length() > 64) {
            return null;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
            if (!text.startsWith(VERSION)) {
                return null;
            }
            String id = text.substring(VERSION.length());
            return TextRules.entityId(id).isEmpty() ? id : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
