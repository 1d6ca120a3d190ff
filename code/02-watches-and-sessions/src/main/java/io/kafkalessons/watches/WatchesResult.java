package io.kafkalessons.watches;

import io.kafkalessons.sandbox.lesson.LessonResult;

import java.util.List;

/**
 * What lesson 2 observed.
 *
 * @param oneShotEvents     events a one-shot data watch delivered for two changes
 * @param persistentEvents  events a persistent watch delivered for the same two changes
 * @param recursiveEvents   events a persistent recursive watch delivered for changes below its path
 * @param disconnect        a short outage of the client's server; null without the sandbox
 * @param expiry            an outage longer than the session timeout; null without the sandbox
 */
public record WatchesResult(List<String> oneShotEvents, List<String> persistentEvents, List<String> recursiveEvents,
                            Outage disconnect, Outage expiry) implements LessonResult {

    /**
     * The client's server is frozen for a while.
     *
     * @param frozenMillis      how long the server was frozen
     * @param states            connection states the client saw, in order
     * @param sameSession       the client still had its session afterwards
     * @param ephemeralSurvived the session's ephemeral znode still existed afterwards
     * @param othersSawDeletion another client saw the ephemeral znode deleted
     */
    public record Outage(long frozenMillis, List<String> states, boolean sameSession, boolean ephemeralSurvived,
                         boolean othersSawDeletion) {
    }

    @Override
    public String summary() {
        return "oneShot=" + oneShotEvents.size() + " persistent=" + persistentEvents.size()
                + " recursive=" + recursiveEvents.size()
                + (disconnect == null ? " sessions=not-run"
                : " disconnect=" + String.join(">", disconnect.states()) + ",ephemeralKept=" + disconnect.ephemeralSurvived()
                + " expiry=" + String.join(">", expiry.states()) + ",ephemeralKept=" + expiry.ephemeralSurvived());
    }

    @Override
    public boolean asExpected() {
        boolean watches = oneShotEvents.size() == 1 && persistentEvents.size() == 2 && recursiveEvents.size() == 3;
        boolean sessions = disconnect == null || (disconnect.states().equals(List.of("Disconnected", "SyncConnected"))
                && disconnect.sameSession() && disconnect.ephemeralSurvived() && !disconnect.othersSawDeletion()
                && expiry.states().equals(List.of("Disconnected", "Expired"))
                && !expiry.sameSession() && !expiry.ephemeralSurvived() && expiry.othersSawDeletion());
        return watches && sessions;
    }
}
