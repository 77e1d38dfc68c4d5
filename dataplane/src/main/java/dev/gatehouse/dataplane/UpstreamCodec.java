package dev.gatehouse.dataplane;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestEncoder;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.util.AsciiString;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The HTTP/1.1 client codec of an upstream connection: what Netty's {@code HttpClientCodec} does
 * for the proxy (a response to {@code HEAD} has no body, whatever its {@code Content-Length} or
 * {@code Transfer-Encoding} say: RFC 9110 §9.3.2), as two plain handlers instead of one
 * {@code CombinedChannelDuplexHandler} with its delegating contexts. The proxy never sends
 * {@code CONNECT} upstream ({@link RequestFraming} refuses it), so the codec's CONNECT handling
 * has no counterpart here.
 *
 * <p>One per connection; event loop only.
 */
final class UpstreamCodec {

    /** The methods of the requests sent whose final response has not been decoded yet, oldest first. */
    private final ArrayDeque<HttpMethod> methods = new ArrayDeque<>(4);
    private final HttpDecoderConfig config;

    UpstreamCodec(HttpDecoderConfig config) {
        this.config = config;
    }

    /** Adds the response decoder and the request encoder at the end of {@code p}. */
    void addLast(ChannelPipeline p) {
        p.addLast("http-decoder", new ResponseDecoder(config));
        p.addLast("http-encoder", new RequestEncoder());
    }

    private final class RequestEncoder extends HttpRequestEncoder {

        @Override
        protected void encode(ChannelHandlerContext ctx, Object msg, List<Object> out) throws Exception {
            if (msg instanceof HttpRequest request) {
                methods.offer(request.method());
            }
            super.encode(ctx, msg, out);
        }
    }

    private final class ResponseDecoder extends HttpResponseDecoder {

        ResponseDecoder(HttpDecoderConfig config) {
            super(config);
        }

        @Override
        protected AsciiString splitHeaderName(byte[] sb, int start, int length) {
            AsciiString shared = HeaderNames.shared(sb, start, length);
            return shared != null ? shared : super.splitHeaderName(sb, start, length);
        }

        @Override
        protected boolean isContentAlwaysEmpty(HttpMessage msg) {
            if (((HttpResponse) msg).status().codeClass() == HttpStatusClass.INFORMATIONAL) {
                // Interim responses (1xx) precede the final one and answer no request of their own.
                return super.isContentAlwaysEmpty(msg);
            }
            HttpMethod method = methods.poll();
            return HttpMethod.HEAD.equals(method) || super.isContentAlwaysEmpty(msg);
        }
    }
}
