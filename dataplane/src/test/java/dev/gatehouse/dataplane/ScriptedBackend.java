package dev.gatehouse.dataplane;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A backend on a plain socket that answers each request head it reads with the next scripted
 * {@link Reply}, writing exactly the bytes the script gives, in the pieces it gives: for tests of
 * what the proxy makes of responses that arrive whole, in parts, or ended by a close. Requests
 * must be bodiless. One thread per connection.
 */
final class ScriptedBackend implements AutoCloseable {

    /** Writes the response to one request; may block (e.g. between two parts). */
    @FunctionalInterface
    interface Reply {
        /** @return {@code false} to close the connection afterwards */
        boolean write(String requestHead, OutputStream out) throws Exception;
    }

    /** A reply of one write, the connection kept open. */
    static Reply whole(String response) {
        return (head, out) -> {
            out.write(response.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return true;
        };
    }

    private final ServerSocket server;
    private final BlockingQueue<Reply> replies = new LinkedBlockingQueue<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    /** Request heads in arrival order. */
    final BlockingQueue<String> requests = new LinkedBlockingQueue<>();

    ScriptedBackend() throws IOException {
        server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread t = new Thread(this::accept, "scripted-backend");
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return server.getLocalPort();
    }

    ScriptedBackend then(Reply reply) {
        replies.add(reply);
        return this;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                sockets.add(s);
                Thread t = new Thread(() -> serve(s), "scripted-backend-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            String head;
            while ((head = readHead(in)) != null) {
                requests.add(head);
                Reply r = replies.take();
                if (!r.write(head, out)) {
                    return;
                }
            }
        } catch (Exception e) {
            // The proxy closed the connection, or the test ended.
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int matched = 0;
        int c;
        while ((c = in.read()) != -1) {
            b.write(c);
            matched = c == "\r\n\r\n".charAt(matched) ? matched + 1 : c == '\r' ? 1 : 0;
            if (matched == 4) {
                return b.toString(StandardCharsets.ISO_8859_1);
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
