package io.kafkalessons.lesson01;

import io.kafkalessons.sandbox.lesson.LessonResult;

import java.util.List;

/**
 * What lesson 1 observed.
 *
 * @param versionAfterUpdate       data version of the config znode after one conditional update (starts at 0)
 * @param staleUpdateRejected      a setData naming the old version failed with BadVersion
 * @param dataAfterStaleUpdate     what the znode holds after the rejected write
 * @param sequentialNames          names ZooKeeper gave three sequential znodes, in creation order
 * @param workersWhileOpen         children of the workers znode while the worker's session is open
 * @param ephemeralOwnedBySession  the ephemeral znode's owner is the worker's session id
 * @param childOfEphemeralRejected creating a child under an ephemeral znode failed
 * @param workersAfterClose        children of the workers znode after the worker's session closed
 * @param children                 children of the lesson's root znode, sorted
 * @param acl                      what sessions without, with a wrong and with the right password got of a digest-ACL znode
 */
public record ZnodesResult(int versionAfterUpdate, boolean staleUpdateRejected, String dataAfterStaleUpdate,
                           List<String> sequentialNames, List<String> workersWhileOpen,
                           boolean ephemeralOwnedBySession, boolean childOfEphemeralRejected,
                           List<String> workersAfterClose, List<String> children,
                           ZnodeAclStep.Observation acl) implements LessonResult {

    @Override
    public String summary() {
        return "version=" + versionAfterUpdate
                + " staleUpdateRejected=" + staleUpdateRejected
                + " sequential=" + String.join(",", sequentialNames)
                + " ephemeralWhileOpen=" + workersWhileOpen.size()
                + " ephemeralAfterClose=" + workersAfterClose.size()
                + " children=" + String.join(",", children)
                + " acl:stranger=" + acl.stranger() + ",wrongPassword=" + acl.wrongPassword()
                + ",owner=" + (acl.owner().startsWith("\"") ? "read" : acl.owner());
    }

    @Override
    public boolean asExpected() {
        return versionAfterUpdate == 1
                && staleUpdateRejected
                && ZnodesLesson.UPDATED_CONFIG.equals(dataAfterStaleUpdate)
                && sequentialNames.equals(List.of("job-0000000000", "job-0000000001", "job-0000000002"))
                && workersWhileOpen.equals(List.of(ZnodesLesson.WORKER))
                && ephemeralOwnedBySession
                && childOfEphemeralRejected
                && workersAfterClose.isEmpty()
                && children.equals(List.of("config", "queue", "workers"))
                && acl.stranger().equals("NOAUTH") && acl.wrongPassword().equals("NOAUTH")
                && acl.owner().equals("\"" + ZnodeAclStep.SECRET_DATA + "\"");
    }
}
