package io.kafkalessons.sandbox;

/** Test helper run in its own JVM: starts a one-server ensemble, prints the server's PID, then waits to be killed. */
public final class OrphanOwner {

    private OrphanOwner() {
    }

    public static void main(String[] args) throws InterruptedException {
        ZooKeeperEnsemble zk = ZooKeeperEnsemble.builder().servers(1).name("orphan-owner").start();
        System.out.println("PID " + zk.server(1).pid());
        System.out.flush();
        Thread.sleep(120_000);
        zk.close();
    }
}
