package io.kafkalessons.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Loopback ports for sandbox nodes: free ones below the ephemeral range, or a fixed range from a base port. */
public final class Ports {

    public static final String HOST = "127.0.0.1";
    /** Free ports are chosen from here (inclusive) ... */
    static final int CHOSEN_FROM = 20000;
    /** ... to here (exclusive), below the ephemeral ports the system hands out to outgoing connections. */
    static final int CHOSEN_TO = 32000;

    private Ports() {
    }

    /** {@code count} ports: consecutive from {@code base} when base &gt; 0, else free ones. */
    public static List<Integer> take(int base, int count) {
        List<Integer> ports = new ArrayList<>();
        if (base > 0) {
            for (int i = 0; i < count; i++) {
                int port = base + i;
                if (!isFree(port)) {
                    throw new SandboxException("port " + HOST + ":" + port
                            + " is already in use; stop what uses it or choose another base port");
                }
                ports.add(port);
            }
            return ports;
        }
        // Free ports below the kernel's ephemeral range (Linux: 32768-60999): between this choice and the node binding
        // the port, the sandbox's own relays and clients open connections, and an ephemeral local port of one of
        // them once took a port a broker was about to listen on (seen in CI: "Address already in use").
        List<ServerSocket> held = new ArrayList<>();
        java.util.Random random = new java.util.Random();
        try {
            for (int tries = 0; ports.size() < count; tries++) {
                if (tries > 2000) {
                    throw new SandboxException("cannot find " + count + " free ports on " + HOST + " between "
                            + CHOSEN_FROM + " and " + CHOSEN_TO);
                }
                int port = CHOSEN_FROM + random.nextInt(CHOSEN_TO - CHOSEN_FROM);
                ServerSocket socket = new ServerSocket();
                socket.setReuseAddress(false);
                try {
                    socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), port));
                } catch (IOException taken) {
                    socket.close();
                    continue;
                }
                held.add(socket);
                ports.add(port);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find free ports on " + HOST, e);
        } finally {
            for (ServerSocket socket : held) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // nothing to do
                }
            }
        }
        return ports;
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
