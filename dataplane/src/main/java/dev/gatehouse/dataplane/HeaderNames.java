package dev.gatehouse.dataplane;

import io.netty.handler.codec.DefaultHeaders.NameValidator;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Header names that nearly every message carries, as shared {@link AsciiString}s: the decoders
 * hand these out instead of a new name per field line (no copy, hash code computed once), and the
 * header name check skips them (each is a valid token by construction; every other name is still
 * checked, RFC 9110 §5.1). A name is shared only when its bytes match exactly, so what is
 * forwarded keeps the sender's spelling.
 *
 * <p>Profile (h1, a six-field response from the backend per request): per-field name copies, hash
 * codes and token checks were ~4% of the event loop's user-space time. Immutable; any thread.
 */
final class HeaderNames {

    /** Spellings as clients and servers send them (Netty's request decoder shares five of these too). */
    private static final String[] WIRE = {
        "Host", "User-Agent", "Accept", "Accept-Encoding", "Accept-Language", "Connection", "Content-Type",
        "Content-Length", "Cookie", "Referer", "Authorization", "Cache-Control", "Upgrade", "Origin", "Expect",
        "Transfer-Encoding", "Keep-Alive", "If-None-Match", "If-Modified-Since", "X-Forwarded-For",
        "X-Request-ID", "Server", "Date", "Last-Modified", "ETag", "Accept-Ranges", "Vary", "Expires",
        "Location", "Set-Cookie", "Content-Encoding",
    };

    private static final int MAX_LENGTH = 32;
    /** Decoder lookups by length: few candidates each. */
    private static final AsciiString[][] BY_LENGTH = byLength();
    /** Every shared name the proxy puts into headers, for the name check (identity). */
    private static final AsciiString[][] TRUSTED = trusted();

    private static final NameValidator<CharSequence> DEFAULT_CHECK =
            DefaultHttpHeadersFactory.headersFactory().getNameValidator();

    /** The name check of decoded and rewritten headers: shared names are known tokens. */
    static final NameValidator<CharSequence> CHECK = name -> {
        if (!isTrusted(name)) {
            DEFAULT_CHECK.validateName(name);
        }
    };

    /** Netty's default headers (name and value checks), with {@link #CHECK} for names. */
    static final DefaultHttpHeadersFactory HEADERS = DefaultHttpHeadersFactory.headersFactory().withNameValidator(CHECK);

    private HeaderNames() {
    }

    /** The shared name spelled exactly as {@code line[start, start + length)}, or {@code null}. */
    static AsciiString shared(byte[] line, int start, int length) {
        if (length >= MAX_LENGTH) {
            return null;
        }
        AsciiString[] candidates = BY_LENGTH[length];
        if (candidates == null) {
            return null;
        }
        for (AsciiString c : candidates) {
            if (sameBytes(c, line, start, length)) {
                return c;
            }
        }
        return null;
    }

    private static boolean sameBytes(AsciiString c, byte[] line, int start, int length) {
        byte[] a = c.array();
        int offset = c.arrayOffset();
        for (int i = 0; i < length; i++) {
            if (a[offset + i] != line[start + i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean isTrusted(CharSequence name) {
        if (!(name instanceof AsciiString a)) {
            return false;
        }
        int length = a.length();
        if (length >= MAX_LENGTH) {
            return false;
        }
        AsciiString[] known = TRUSTED[length];
        if (known != null) {
            for (AsciiString k : known) {
                if (k == a) {
                    return true;
                }
            }
        }
        return false;
    }

    private static AsciiString[][] byLength() {
        List<AsciiString> names = new ArrayList<>();
        for (String s : WIRE) {
            names.add(AsciiString.cached(s));
        }
        return index(names);
    }

    private static AsciiString[][] trusted() {
        List<AsciiString> names = new ArrayList<>();
        for (AsciiString[] group : BY_LENGTH) {
            if (group != null) {
                names.addAll(List.of(group));
            }
        }
        // Names the proxy sets itself (ProxyHeaders, HSTS, redirects, error responses).
        names.addAll(List.of(HttpHeaderNames.CONNECTION, HttpHeaderNames.CONTENT_LENGTH, HttpHeaderNames.CONTENT_TYPE,
                HttpHeaderNames.DATE, HttpHeaderNames.HOST, HttpHeaderNames.LOCATION, HttpHeaderNames.SERVER,
                Hsts.HEADER, HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderNames.UPGRADE,
                ProxyHeaders.X_FORWARDED_FOR, ProxyHeaders.X_FORWARDED_HOST, ProxyHeaders.X_FORWARDED_PORT,
                ProxyHeaders.X_FORWARDED_PROTO, ProxyHeaders.X_REQUEST_ID));
        return index(names);
    }

    private static AsciiString[][] index(List<AsciiString> names) {
        AsciiString[][] out = new AsciiString[MAX_LENGTH][];
        for (AsciiString n : names) {
            int length = n.length();
            AsciiString[] group = out[length];
            AsciiString[] grown = group == null ? new AsciiString[1] : Arrays.copyOf(group, group.length + 1);
            grown[grown.length - 1] = n;
            out[length] = grown;
        }
        return out;
    }
}
