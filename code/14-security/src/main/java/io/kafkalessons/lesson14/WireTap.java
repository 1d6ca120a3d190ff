package io.kafkalessons.lesson14;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The lesson's own relay on loopback: it listens where a broker's listener is advertised, passes
 * every byte on to where the listener is bound, and keeps a copy of what clients send. It sees
 * exactly what anyone on the network path would see.
 */
final class WireTap implements AutoCloseable {

    private final ServerSocket server;
    private final InetSocketAddress target;
    private final ByteArrayOutputStream fromClients = new ByteArrayOutputStream();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    WireTap(InetSocketAddress listenOn, InetSocketAddress target) {
        this.target = target;
        try {
            server = new ServerSocket();
            server.bind(listenOn);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a relay on " + listenOn, e);
        }
        Thread acceptor = new Thread(this::acceptLoop, "lesson14-relay-" + listenOn.getPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** True when something already listens at {@code address} (then the lesson cannot put its relay there). */
    static boolean taken(InetSocketAddress address) {
        try (Socket probe = new Socket()) {
            probe.connect(address, 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static boolean loopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (IOException e) {
            return false;
        }
    }

    /** Everything clients have sent through this relay since the last {@link #reset()}. */
    byte[] captured() {
        synchronized (fromClients) {
            return fromClients.toByteArray();
        }
    }

    void reset() {
        synchronized (fromClients) {
            fromClients.reset();
        }
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = server.accept();
                Socket broker = new Socket(target.getAddress(), target.getPort());
                sockets.add(client);
                sockets.add(broker);
                pump(client, broker, true);
                pump(broker, client, false);
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private void pump(Socket from, Socket to, boolean record) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    if (record) {
                        synchronized (fromClients) {
                            fromClients.write(buffer, 0, n);
                        }
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one side closed the connection: this direction ends
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "lesson14-relay-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // already closed
        }
        sockets.forEach(WireTap::closeQuietly);
    }
}
