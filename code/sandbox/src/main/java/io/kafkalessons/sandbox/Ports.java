package io.kafkalessons.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Loopback ports for sandbox nodes: either free ones chosen by the OS, or a fixed range. */
public final class Ports {

    public static final String HOST = "127.0.0.1";

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
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket();
                socket.setReuseAddress(false);
                socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), 0));
                held.add(socket);
                ports.add(socket.getLocalPort());
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
