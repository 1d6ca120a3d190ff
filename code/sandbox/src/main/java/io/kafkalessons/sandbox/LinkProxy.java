package io.kafkalessons.sandbox;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
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
    private final Opening opening;
    private final Duration patience;

    /**
     * What the connecting side sends first, passed on by the relay, which may change it: a ZooKeeper
     * server announces the address it listens on for elections, and the relay announces its own
     * return relay instead, so that the answer comes back through a relay too.
     */
    @FunctionalInterface
    interface Opening {
        void pass(DataInputStream from, DataOutputStream to) throws IOException;
    }

    LinkProxy(int targetPort, String name) {
        this(targetPort, name, Duration.ZERO, null);
    }

    /**
     * @param patience how long to keep trying the target when it refuses a connection, before
     *                 closing the side that connected; {@code opening} may be null
     */
    LinkProxy(int targetPort, String name, Duration patience, Opening opening) {
        this.targetPort = targetPort;
        this.patience = patience;
        this.opening = opening;
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
    void delay(Duration delay) {
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
            long deadline = System.nanoTime() + patience.toNanos();
            if (patience.isZero()) {
                connect(downstream, deadline);
            } else {
                Thread t = new Thread(() -> connect(downstream, deadline), "sandbox-link-connect");
                t.setDaemon(true);
                t.start();
            }
        }
    }

    /**
     * Connects to the target, retrying until {@code deadline} (by {@link System#nanoTime()}), and
     * relays both ways. If the target is down or not listening yet (a killed server, or one still
     * starting), the accepted side is closed, as a refused connection would be, so that it tries
     * again. Left open, a ZooKeeper follower waited initLimit (10 s) for a leader that never heard of
     * it; closed at once, a follower that came a moment before its new leader listened gave up
     * following it, and the leader waited initLimit for it: ZooKeeper's relays wait a little first.
     */
    private void connect(Socket downstream, long deadline) {
        while (true) {
            try {
                Socket upstream = new Socket(Ports.HOST, targetPort);
                sockets.add(downstream);
                sockets.add(upstream);
                pump(downstream, upstream, false);
                pump(upstream, downstream, true);
                return;
            } catch (IOException e) {
                if (closed || System.nanoTime() - deadline >= 0) {
                    closeQuietly(downstream);
                    return;
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException stop) {
                    closeQuietly(downstream);
                    return;
                }
            }
        }
    }

    /** Copies one direction; {@code back} is the direction towards the side that connected. */
    private void pump(Socket from, Socket to, boolean back) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                if (opening != null && !back) {
                    DataOutputStream first = new DataOutputStream(new BufferedOutputStream(out));
                    DataInputStream header = new DataInputStream(in);
                    opening.pass(header, first);
                    awaitRelease(false);
                    first.flush();
                }
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
