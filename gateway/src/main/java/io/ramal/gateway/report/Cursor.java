package io.ramal.gateway.report;

import io.ramal.gateway.call.CallRecord;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.UUID;

/**
 * Where a page of calls ended: the last call's start and id (the keyset of
 * {@link RecordOrder#CALLS}), so the next page starts strictly after it whatever was written
 * meanwhile. Travels as an opaque URL-safe token.
 *
 * @param startedAt the last call's start
 * @param callId    the last call's id
 */
public record Cursor(Instant startedAt, UUID callId) {

    /** The position of {@code r}. */
    public static Cursor after(CallRecord r) {
        return new Cursor(r.startedAt(), r.callId());
    }

    /** True when {@code r} comes after this position. */
    public boolean before(CallRecord r) {
        int c = r.startedAt().compareTo(startedAt);
        return c > 0 || (c == 0 && RecordOrder.IDS.compare(r.callId(), callId) > 0);
    }

    /** The token: base64url of {@code <instant>/<uuid>}. */
    public String token() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((startedAt + "/" + callId).getBytes(StandardCharsets.UTF_8));
    }

    /** Reads a token. @throws IllegalArgumentException when it is not one this class wrote */
    public static Cursor parse(String token) {
        try {
            String s = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            int slash = s.indexOf('/');
            return new Cursor(Instant.parse(s.substring(0, slash)), UUID.fromString(s.substring(slash + 1)));
        } catch (IllegalArgumentException | IndexOutOfBoundsException | DateTimeParseException e) {
            throw new IllegalArgumentException("after=" + token + " is not a cursor from a previous page's next link");
        }
    }
}
