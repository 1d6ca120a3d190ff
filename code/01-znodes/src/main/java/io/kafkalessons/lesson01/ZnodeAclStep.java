package io.kafkalessons.lesson01;

import io.kafkalessons.sandbox.lesson.Narrator;
import io.kafkalessons.sandbox.lesson.Passwords;
import io.kafkalessons.sandbox.lesson.ZooKeeperConnections;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;

import java.nio.charset.StandardCharsets;

/**
 * Step: a znode only its owner may read. The owner's session authenticates with the digest scheme
 * (a user name and password) and creates the znode with {@code CREATOR_ALL_ACL}: every right for
 * that identity and none for anyone else. Sessions without the password still see its name, in the
 * parent's children.
 */
final class ZnodeAclStep {

    static final String SECRET = ZnodesLesson.ROOT + "/secret";
    static final String USER = "kafka";
    static final String SECRET_DATA = "broker password=...";

    /** What sessions with and without the password got. */
    record Observation(String aclShown, boolean strangerSeesName, String stranger, String wrongPassword, String owner) {
    }

    private final String connectString;
    private final int sessionTimeoutMs;
    private final Narrator narrator;
    /** A fresh password each run: the lesson also runs on ensembles it does not own. */
    private final String password;

    ZnodeAclStep(String connectString, int sessionTimeoutMs, Narrator narrator) {
        this.connectString = connectString;
        this.sessionTimeoutMs = sessionTimeoutMs;
        this.narrator = narrator;
        this.password = Passwords.fresh(9);
    }

    Observation run() throws Exception {
        narrator.step("an ACL: a znode only the holder of a password may read");
        // Ephemeral, so it is gone with the owner's session and never blocks the next run's clean-up.
        try (ZooKeeper owner = ZooKeeperConnections.open(connectString, sessionTimeoutMs)) {
            // tag::digest-acl[]
            owner.addAuthInfo("digest", (USER + ":" + password).getBytes(StandardCharsets.UTF_8));
            owner.create(SECRET, SECRET_DATA.getBytes(StandardCharsets.UTF_8), ZooDefs.Ids.CREATOR_ALL_ACL,
                    CreateMode.EPHEMERAL);
            // end::digest-acl[]
            ACL acl = owner.getACL(SECRET, null).get(0);
            String shown = acl.getId().getScheme() + ":" + acl.getId().getId() + " perms=" + acl.getPerms();
            narrator.say("owner", "authenticated as digest user '%s', created %s with CREATOR_ALL_ACL", USER, SECRET);
            narrator.say("owner", "its ACL: %s (the id holds a hash of the password, never the password)", shown);
            try (ZooKeeper stranger = ZooKeeperConnections.open(connectString, sessionTimeoutMs);
                 ZooKeeper guesser = ZooKeeperConnections.open(connectString, sessionTimeoutMs)) {
                guesser.addAuthInfo("digest", (USER + ":wrong-" + password).getBytes(StandardCharsets.UTF_8));
                boolean seen = stranger.getChildren(ZnodesLesson.ROOT, false).contains("secret");
                String strangerGot = read(stranger);
                narrator.say("stranger", "no password; getChildren(%s) %s 'secret'; getData: %s", ZnodesLesson.ROOT,
                        seen ? "lists" : "does not list", strangerGot);
                String guesserGot = read(guesser);
                narrator.say("guesser", "authenticated with a wrong password; getData: %s", guesserGot);
                String ownerGot = read(owner);
                narrator.say("owner", "getData: %s", ownerGot);
                narrator.notice("ZooKeeper never refuses a digest login: a wrong password just names another identity,");
                narrator.notice("one the ACL does not list. The name still shows: listing children is a right on the parent.");
                return new Observation(shown, seen, strangerGot, guesserGot, ownerGot);
            }
        }
    }

    /** The data as text, or the error code ZooKeeper answered with. */
    private static String read(ZooKeeper zk) throws InterruptedException {
        try {
            return "\"" + new String(zk.getData(SECRET, false, null), StandardCharsets.UTF_8) + "\"";
        } catch (KeeperException e) {
            return e.code().name();
        }
    }
}
