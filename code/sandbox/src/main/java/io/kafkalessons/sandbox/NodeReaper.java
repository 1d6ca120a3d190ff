package io.kafkalessons.sandbox;

import io.kafkalessons.sandbox.process.ChildJvm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Ends a whole cluster at once: every node gets SIGKILL together, then we wait for all. */
final class NodeReaper {

    private NodeReaper() {
    }

    /**
     * The sandbox throws its data away on close, so a clean shutdown would buy nothing; and
     * stopping quorum members one by one can hang once the majority is gone.
     */
    static void killAll(List<? extends SandboxNode> nodes) {
        List<ChildJvm> dying = new ArrayList<>();
        for (SandboxNode node : nodes) {
            ChildJvm jvm = node.killAsync();
            if (jvm != null) {
                dying.add(jvm);
            }
        }
        dying.forEach(ChildJvm::killNow);
        dying.forEach(jvm -> jvm.awaitExit(Duration.ofSeconds(10)));
    }
}
