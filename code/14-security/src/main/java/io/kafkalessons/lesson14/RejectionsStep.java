package io.kafkalessons.lesson14;

import io.kafkalessons.lesson14.SecurityResult.Rejections;
import io.kafkalessons.sandbox.lesson.Clients;
import org.apache.kafka.clients.admin.Admin;

import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Step: two clients turned away before they can ask anything: one that does not trust the
 * cluster's certificate authority (the TLS handshake fails), and one with a wrong password (the
 * SCRAM exchange fails).
 */
final class RejectionsStep {

    private final Lab lab;

    RejectionsStep(Lab lab) {
        this.lab = lab;
    }

    Rejections run() throws Exception {
        lab.narrator().step("two clients the brokers refuse at the door");
        String bootstrap = lab.bootstrap("SASL_SSL");
        String untrusted = refusal(lab.user(Clients.admin(bootstrap), lab.password(), false));
        lab.narrator().say("client", "right password, but the cluster's CA is not in its trust store: %s", untrusted);
        String wrongPassword = refusal(lab.user(Clients.admin(bootstrap), "not-" + lab.password(), true));
        lab.narrator().say("client", "trusts the CA, wrong password: %s", wrongPassword);
        lab.narrator().notice("TLS first proves the broker is who it claims (its certificate, signed by the CA);"
                + " then SCRAM proves who the client is, without sending the password.");
        return new Rejections(untrusted, wrongPassword);
    }

    /** What an admin client with {@code settings} gets when it asks for the brokers. */
    private static String refusal(Properties settings) throws Exception {
        try (Admin client = Admin.create(settings)) {
            client.describeCluster().nodes().get(20, TimeUnit.SECONDS);
            return "accepted";
        } catch (ExecutionException e) {
            return Lab.describe(e.getCause());
        }
    }
}
