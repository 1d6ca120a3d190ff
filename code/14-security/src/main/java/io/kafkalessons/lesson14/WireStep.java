package io.kafkalessons.lesson14;

import io.kafkalessons.lesson14.SecurityResult.Capture;
import io.kafkalessons.lesson14.SecurityResult.Wire;
import io.kafkalessons.sandbox.lesson.Clients;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Step: the same record sent over PLAINTEXT and over TLS (SASL_SSL), through the lesson's relays.
 * Over PLAINTEXT the value is there in the bytes for anyone on the path to read; over TLS it is not.
 */
final class WireStep {

    static final String TOPIC = "lesson14-wire";
    /** Something nobody should be able to read off the network. */
    static final String VALUE = "card=4111-1111-1111-1111";
    static final String ANONYMOUS = "User:ANONYMOUS";

    private final Lab lab;

    WireStep(Lab lab) {
        this.lab = lab;
    }

    Wire run() throws Exception {
        lab.narrator().step("one record over PLAINTEXT, the same over TLS, through a relay that keeps a copy");
        lab.admin().createAcls(List.of(allowWrite(ANONYMOUS), allowWrite("User:" + Lab.USER))).all().get(30, TimeUnit.SECONDS);
        lab.narrator().say("admin", "created %s; allowed %s and User:%s to write to it (ACLs: a later step)",
                TOPIC, ANONYMOUS, Lab.USER);
        Capture plain = capture("PLAINTEXT", lab.anonymous(Clients.producer(lab.bootstrap("PLAINTEXT"))));
        Capture tls = capture("SASL_SSL", lab.user(Clients.producer(lab.bootstrap("SASL_SSL"))));
        lab.narrator().say("relay", "PLAINTEXT: %d bytes from the client; the value is %s: ...%s...",
                plain.bytes(), plain.valueSeen() ? "there" : "NOT there", plain.excerpt());
        lab.narrator().say("relay", "SASL_SSL:  %d bytes from the client; the value is %s; they begin %s",
                tls.bytes(), tls.valueSeen() ? "THERE" : "nowhere", tls.excerpt());
        lab.narrator().notice("0x16 0x03 opens a TLS handshake; after it, every byte is encrypted, the password exchange too.");
        return new Wire(VALUE, plain, tls);
    }

    private static AclBinding allowWrite(String principal) {
        return new AclBinding(new ResourcePattern(ResourceType.TOPIC, TOPIC, PatternType.LITERAL),
                new AccessControlEntry(principal, "*", AclOperation.WRITE, AclPermissionType.ALLOW));
    }

    /** Sends {@link #VALUE} once the ACL has arrived, with the relays' copies emptied first; returns what they saw. */
    private Capture capture(String protocol, Properties producerSettings) throws Exception {
        List<WireTap> taps = lab.relay(protocol);
        lab.until(() -> send(producerSettings, "warm-up"), sent -> sent, protocol + " write allowed by the ACL");
        taps.forEach(WireTap::reset);
        if (!send(producerSettings, VALUE)) {
            throw new IllegalStateException("the " + protocol + " write was refused after it had been allowed");
        }
        byte[] bytes = taps.stream().map(WireTap::captured).reduce(new byte[0], WireStep::concat);
        byte[] value = VALUE.getBytes(StandardCharsets.UTF_8);
        int at = indexOf(bytes, value);
        String excerpt = at >= 0 ? printable(bytes, Math.max(0, at - 12), Math.min(bytes.length, at + value.length + 4))
                : HexFormat.ofDelimiter(" ").formatHex(bytes, 0, Math.min(6, bytes.length));
        return new Capture(protocol, bytes.length, at >= 0, bytes.length == 0 ? -1 : bytes[0] & 0xff, excerpt);
    }

    /** One record with a fresh producer (a new connection, so the relay sees the whole conversation); false if refused. */
    private static boolean send(Properties settings, String value) throws Exception {
        KafkaProducer<String, String> producer = new KafkaProducer<>(settings);
        try {
            producer.send(new ProducerRecord<>(TOPIC, "card", value)).get(30, TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TopicAuthorizationException) {
                return false;
            }
            throw e;
        } finally {
            // Nothing is pending by now; closing at once also skips a refused producer's spurious shutdown ERROR.
            producer.close(Duration.ZERO);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static String printable(byte[] bytes, int from, int to) {
        StringBuilder s = new StringBuilder();
        for (int i = from; i < to; i++) {
            int b = bytes[i] & 0xff;
            s.append(b >= 0x20 && b < 0x7f ? (char) b : '.');
        }
        return s.toString();
    }
}
