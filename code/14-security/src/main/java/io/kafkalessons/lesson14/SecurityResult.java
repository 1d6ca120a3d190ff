package io.kafkalessons.lesson14;

import io.kafkalessons.sandbox.lesson.LessonResult;
import io.kafkalessons.sandbox.lesson.Part;

import java.util.List;

/**
 * What lesson 14 observed, one part per step. The steps after the first need a SASL_SSL listener;
 * the wire capture also needs listeners advertised where the lesson can put its relay (the sandbox's).
 *
 * @param listeners  every broker's listeners, as the brokers describe their own configuration
 * @param user       the SCRAM user the lesson created
 * @param wire       one record's value in the bytes a relay saw, over PLAINTEXT and over TLS
 * @param rejections clients the brokers turned away at the door
 * @param acls       what an authenticated user may do, before, with and after ACLs
 */
public record SecurityResult(ListenerSet listeners, Part<ScramUser> user, Part<Wire> wire, Part<Rejections> rejections,
                             Part<Acls> acls) implements LessonResult {

    /** One listener of one broker: where it is bound, and the address it gives clients. */
    public record Listener(int broker, String name, String protocol, String bound, String advertised) {
    }

    /**
     * @param interBroker        the listener brokers replicate over
     * @param controllerProtocol the security protocol of the controller listener
     */
    public record ListenerSet(List<Listener> listeners, String interBroker, String interBrokerProtocol,
                              String controllerProtocol, String authorizer) {

        public List<String> protocols() {
            return listeners.stream().map(Listener::protocol).distinct().toList();
        }
    }

    /** @param usableAfterMillis from creating the credential until every broker accepted a login with it */
    public record ScramUser(String name, String mechanism, int iterations, long usableAfterMillis) {
    }

    /**
     * What a relay saw a producer send: {@code bytes} in all, whether the record's value was among them,
     * the first byte (0x16 opens a TLS handshake) and a readable excerpt.
     */
    public record Capture(String protocol, int bytes, boolean valueSeen, int firstByte, String excerpt) {
    }

    public record Wire(String value, Capture plaintext, Capture tls) {
    }

    /**
     * @param untrustedClient what a client that does not trust the cluster's CA got (exception class: message)
     * @param wrongPassword   what a client with a wrong password got
     */
    public record Rejections(String untrustedClient, String wrongPassword) {

        public String untrustedError() {
            return untrustedClient.split(":")[0];
        }

        public String wrongPasswordError() {
            return wrongPassword.split(":")[0];
        }
    }

    /**
     * @param withoutAcl      what the user's producer got with no ACL at all
     * @param principalSeen   the broker's own log line for that denial (sandbox only)
     * @param written         records the user wrote once WRITE and READ on the topic were allowed
     * @param groupDenied     what the user's consumer got with the topic allowed but not its group
     * @param read            records the consumer read once the group was allowed too
     * @param afterRemoval    what the producer got after the ACLs were deleted
     */
    public record Acls(String topic, String group, String withoutAcl, Part<String> principalSeen, int written,
                       String groupDenied, int read, String afterRemoval) {
    }

    @Override
    public String summary() {
        return "listeners=" + String.join(",", listeners.protocols()) + " interBroker=" + listeners.interBrokerProtocol()
                + " controller=" + listeners.controllerProtocol()
                + wire.show(" wire", w -> ":plaintext=" + seen(w.plaintext()) + ",tls=" + seen(w.tls()))
                + rejections.show(" rejected", r -> ":untrusted=" + r.untrustedError() + ",wrongPassword=" + r.wrongPasswordError())
                + acls.show(" acl", a -> ":none=" + a.withoutAcl().split(":")[0] + ",allowed=" + a.written() + "/" + a.read()
                        + ",group=" + a.groupDenied().split(":")[0] + ",removed=" + a.afterRemoval().split(":")[0]);
    }

    private static String seen(Capture c) {
        return c.valueSeen() ? "readable" : "hidden";
    }

    @Override
    public boolean asExpected() {
        return wire.okIfRan(w -> w.plaintext().valueSeen() && !w.tls().valueSeen())
                && rejections.okIfRan(r -> r.untrustedError().equals("SslAuthenticationException")
                        && r.wrongPasswordError().equals("SaslAuthenticationException"))
                && acls.okIfRan(a -> a.withoutAcl().startsWith("TopicAuthorizationException")
                        && a.groupDenied().startsWith("GroupAuthorizationException")
                        && a.afterRemoval().startsWith("TopicAuthorizationException")
                        && a.written() == SecurityLesson.RECORDS && a.read() == SecurityLesson.RECORDS);
    }
}
