package io.kafkalessons.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay on loopback in front of one link between two nodes (or clients and a node), run
 * inside the sandbox's JVM. While a direction is held, its bytes wait in the relay (and the
 * kernel's buffers) and nothing is closed, as when a network drops packets: for ZooKeeper, a
 * server that stops hearing from the leader while it keeps serving its own clients; for Kafka,
 * the partitions of {@link KafkaLinks}. When released, what waited goes through in order. A delay
 * holds each chunk of bytes that long before passing it on.
 */
final class LinkProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int targetPort;
    private final Object gate = new Object();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean held;
    private volatile boolean heldForward;
    private volatile long delayMillis;
    private volatile boolean closed;

    LinkProxy(int targetPort, String name) {
        this.targetPort = targetPort;
        try {
            server = new ServerSocket(0, 50, InetAddress.getByName(Ports.HOST));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a relay port on " + Ports.HOST, e);
        }
        Thread acceptor = new Thread(this::acceptLoop, "sandbox-link-" + name);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** From now on, nothing more reaches the connecting side. */
    void hold() {
        held = true;
    }

    /** From now on, nothing more reaches the side the relay connects to. */
    void holdTowardsTarget() {
        heldForward = true;
    }

    /** Every chunk of bytes, either way, waits {@code delay} in the relay before it goes on. */
    void delay(java.time.Duration delay) {
        delayMillis = delay.toMillis();
    }

    /** Lets everything that waited through, in order, both ways; a delay stays. */
    void release() {
        synchronized (gate) {
            held = false;
            heldForward = false;
            gate.notifyAll();
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket downstream;
            try {
                downstream = server.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                continue;
            }
            try {
                Socket upstream = new Socket(Ports.HOST, targetPort);
                sockets.add(downstream);
                sockets.add(upstream);
                pump(downstream, upstream, false);
                pump(upstream, downstream, true);
            } catch (IOException e) {
                // The target is down or not listening yet (a killed server, or one still starting):
                // close the accepted side at once, as a refused connection would be, so that it
                // retries now. Left open, a ZooKeeper follower waited initLimit (10 s) for a leader
                // that never heard of it.
                closeQuietly(downstream);
            }
        }
    }

    /** Copies one direction; {@code back} is the direction towards the side that connected. */
    private void pump(Socket from, Socket to, boolean back) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    awaitRelease(back);
                    long delay = delayMillis;
                    if (delay > 0) {
                        Thread.sleep(delay);
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // connection closed: end this direction
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "sandbox-link-pump");
        t.setDaemon(true);
        t.start();
    }

    private void awaitRelease(boolean back) throws InterruptedException {
        synchronized (gate) {
            while ((back ? held : heldForward) && !closed) {
                gate.wait(100);
            }
        }
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
        delayMillis = 0;
        release();
        try {
            server.close();
        } catch (IOException ignored) {
            // already closed
        }
        sockets.forEach(LinkProxy::closeQuietly);
    }
}
