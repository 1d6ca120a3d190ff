package io.kafkalessons.sandbox.lesson;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Tells, in a round trip, whether anything listens at an address and whether a Kafka listener wants
 * TLS: it sends the plaintext request every client sends first (ApiVersions, version 0) and looks
 * at the answer. A PLAINTEXT listener
 * answers with the request's correlation id; a TLS listener cannot read it and closes the
 * connection (or answers with a TLS alert record, content type 21).
 */
final class TlsSniff {

    private static final int TIMEOUT_MS = 2000;
    private static final int CORRELATION_ID = 7;

    private TlsSniff() {
    }

    /** True when {@code hostPort} refuses a TCP connection outright: nothing listens there. */
    static boolean refused(String hostPort) {
        try (Socket socket = new Socket()) {
            socket.connect(address(hostPort), TIMEOUT_MS);
            return false;
        } catch (java.net.ConnectException e) {
            return true;
        } catch (IOException | RuntimeException e) {
            // Unknown host, a malformed address or a silent one: the real probe names the problem.
            return false;
        }
    }

    /** True only when something listens at {@code hostPort} and turned a plaintext request away like TLS does. */
    static boolean expectsTls(String hostPort) {
        try (Socket socket = new Socket()) {
            socket.connect(address(hostPort), TIMEOUT_MS);
            socket.setSoTimeout(TIMEOUT_MS);
            byte[] clientId = "lessons-probe".getBytes(StandardCharsets.US_ASCII);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeInt(2 + 2 + 4 + 2 + clientId.length);
            out.writeShort(18);
            out.writeShort(0);
            out.writeInt(CORRELATION_ID);
            out.writeShort(clientId.length);
            out.write(clientId);
            out.flush();
            return turnedAway(new DataInputStream(socket.getInputStream()));
        } catch (IOException | RuntimeException e) {
            // Nothing listens there, or no such address: leave the diagnosis to the real probe.
            return false;
        }
    }

    /** {@code host:port} as an address; a malformed one throws (callers leave it to the real probe). */
    private static InetSocketAddress address(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("not host:port: " + hostPort);
        }
        return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }

    /** Reads the answer: closed, reset or a TLS alert means turned away; silence means nothing is known. */
    private static boolean turnedAway(DataInputStream in) {
        try {
            int first = in.read();
            if (first < 0 || first == 0x15) {
                return true;
            }
            byte[] rest = new byte[7];
            in.readFully(rest);
            int correlation = ((rest[3] & 0xff) << 24) | ((rest[4] & 0xff) << 16) | ((rest[5] & 0xff) << 8) | (rest[6] & 0xff);
            return correlation != CORRELATION_ID;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }
}
