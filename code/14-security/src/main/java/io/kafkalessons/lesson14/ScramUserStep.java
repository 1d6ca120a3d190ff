package io.kafkalessons.lesson14;

import io.kafkalessons.lesson14.SecurityResult.Listener;
import io.kafkalessons.lesson14.SecurityResult.ScramUser;
import io.kafkalessons.sandbox.Poll;
import io.kafkalessons.sandbox.lesson.Clients;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialDeletion;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.admin.UserScramCredentialsDescription;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Step: a SCRAM user, created through the Admin API. The brokers keep a salted hash of the password
 * (SCRAM-SHA-512, thousands of iterations) in the cluster metadata, never the password itself.
 */
final class ScramUserStep {

    /** SCRAM's iteration count: Kafka takes 4096 to 16384; more makes a stolen hash slower to attack. */
    static final int ITERATIONS = 8192;
    /** "Try this" 3: more than Kafka takes. */
    static final int TOO_MANY_ITERATIONS = 20000;

    private final Lab lab;
    private final int iterations;

    ScramUserStep(Lab lab, int iterations) {
        this.lab = lab;
        this.iterations = iterations;
    }

    ScramUser run() throws Exception {
        lab.narrator().step("create a SCRAM-SHA-512 user '%s' with the Admin API", Lab.USER);
        long start = System.nanoTime();
        // tag::scram-user[]
        lab.admin().alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(Lab.USER,
                new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, iterations), lab.password())))
                .all().get(30, TimeUnit.SECONDS);
        // end::scram-user[]
        // The broker that answers learns of the user from the metadata log, a moment after the controller wrote it.
        UserScramCredentialsDescription described = Poll.untilMatches(Duration.ofSeconds(30), Duration.ofMillis(50),
                () -> lab.admin().describeUserScramCredentials(List.of(Lab.USER)).description(Lab.USER).get(30, TimeUnit.SECONDS),
                d -> !d.credentialInfos().isEmpty(), d -> "the user " + Lab.USER + " was not described within 30 s");
        ScramCredentialInfo info = described.credentialInfos().get(0);
        lab.narrator().say("admin", "user %s: %s, %d iterations (the cluster stores a salted hash; asked, it shows no more)",
                described.name(), info.mechanism().mechanismName(), info.iterations());
        for (Listener l : lab.listenersFor("SASL_SSL")) {
            lab.until(() -> loginFails(l.advertised()), failed -> !failed, "a login as " + Lab.USER + " on broker " + l.broker());
        }
        long usable = (System.nanoTime() - start) / 1_000_000;
        lab.narrator().say(Lab.USER, "logged in on every broker's SASL_SSL listener %d ms after the user was created", usable);
        lab.narrator().notice("users live in the cluster's metadata log, like topics: every broker learns them from it.");
        return new ScramUser(described.name(), info.mechanism().mechanismName(), info.iterations(), usable);
    }

    /** True while the broker at {@code address} does not yet accept the user's password. */
    private boolean loginFails(String address) throws Exception {
        try (Admin user = Admin.create(lab.user(Clients.admin(address)))) {
            user.describeCluster().nodes().get(10, TimeUnit.SECONDS);
            return false;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.SaslAuthenticationException) {
                return true;
            }
            throw e;
        }
    }

    /** Removes the user again (the lesson cleans up after itself, also on a real cluster). */
    static void remove(Admin admin) {
        try {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialDeletion(Lab.USER, ScramMechanism.SCRAM_SHA_512)))
                    .all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            // Nothing to remove: the lesson stopped before it made the user.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
