package dev.gatehouse.dataplane;

import dev.gatehouse.tls.CertificateSniHandler;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpDecoderConfig;

/**
 * The pipeline of a TLS-listener client connection: a new {@link CertificateSniHandler} (it
 * picks the certificate by SNI and becomes the {@code SslHandler}), then
 * {@link TlsNegotiationHandler}, which builds the HTTP/2 or HTTP/1.1 handlers once ALPN has
 * decided. AUTO_READ is on until then: the handshake needs reads nobody else would ask for.
 */
final class HttpsProxyInitializer implements ClientAcceptor.Pipeline {

    private final ProxyContext px;
    private final HttpsListener https;
    private final Http2Connections http2;
    private final HttpDecoderConfig decoder;

    HttpsProxyInitializer(ProxyContext px, Http2Connections http2) {
        this.px = px;
        this.https = px.config.https();
        this.http2 = http2;
        this.decoder = HttpProxyInitializer.decoderConfig(px.config);
    }

    @Override
    public void build(Channel ch, ClientConnections.Entry connection) {
        ch.pipeline().addLast("sni", new CertificateSniHandler(https.certificates(), https.handshakeTimeout()));
        ch.pipeline().addLast("tls-negotiation", new TlsNegotiationHandler(px, http2, decoder, connection));
    }
}
