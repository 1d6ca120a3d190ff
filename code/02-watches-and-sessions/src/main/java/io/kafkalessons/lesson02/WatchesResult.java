package io.kafkalessons.lesson02;

import io.kafkalessons.sandbox.lesson.LessonResult;
import io.kafkalessons.sandbox.lesson.Part;

import java.util.List;
import java.util.OptionalLong;

/**
 * What lesson 2 observed.
 *
 * @param oneShotEvents     events a one-shot data watch delivered for two changes
 * @param persistentEvents  events a persistent watch delivered for the same two changes
 * @param recursiveEvents   events a persistent recursive watch delivered for changes below its path
 * @param sessions          what outages of the client's server did to its session; skipped without the sandbox
 */
public record WatchesResult(List<String> oneShotEvents, List<String> persistentEvents, List<String> recursiveEvents,
                            Part<Sessions> sessions) implements LessonResult {

    /**
     * Three outages of the worker's only server.
     *
     * @param disconnect   a short freeze of the client's server
     * @param expiry       a freeze longer than the session timeout
     * @param clientExpiry the client's server killed for longer than 4/3 of the timeout
     */
    public record Sessions(Outage disconnect, Outage expiry, Outage clientExpiry) {
    }

    /**
     * The client's server is frozen for a while.
     *
     * @param frozenMillis      how long the server was frozen
     * @param states            connection states the client saw, in order
     * @param sameSession       the client still had its session afterwards
     * @param ephemeralSurvived the session's ephemeral znode still existed afterwards
     * @param othersSawDeletion another client saw the ephemeral znode deleted
     */
    public record Outage(long frozenMillis, List<StateChange> states, boolean sameSession, boolean ephemeralSurvived,
                         boolean othersSawDeletion) {

        /** When the client reported Expired, in ms after its server went away; empty if it never did. */
        public OptionalLong expiredAtMillis() {
            return states.stream().filter(c -> c.state().equals("Expired")).mapToLong(StateChange::atMillis).findFirst();
        }

        /** "client" if the client declared Expired while its server was still away, "ensemble" if it was told afterwards. */
        public String expiredBy() {
            OptionalLong at = expiredAtMillis();
            return at.isEmpty() ? "none" : at.getAsLong() < frozenMillis ? "client" : "ensemble";
        }
    }

    /** A connection state the client reported, and when: milliseconds after its server was frozen. */
    public record StateChange(String state, long atMillis) {
        @Override
        public String toString() {
            return state + "@" + atMillis + "ms";
        }
    }

    @Override
    public String summary() {
        return "oneShot=" + oneShotEvents.size() + " persistent=" + persistentEvents.size()
                + " recursive=" + recursiveEvents.size()
                + (sessions.ran() ? sessionsSummary(sessions.value()) : " sessions=skipped");
    }

    private static String sessionsSummary(Sessions s) {
        return " disconnect=" + names(s.disconnect()) + ",ephemeralKept=" + s.disconnect().ephemeralSurvived()
                + " expiry=" + names(s.expiry()) + ",ephemeralKept=" + s.expiry().ephemeralSurvived() + ",by=" + s.expiry().expiredBy()
                + " serverDown=" + names(s.clientExpiry()) + ",by=" + s.clientExpiry().expiredBy();
    }

    @Override
    public boolean asExpected() {
        boolean watches = oneShotEvents.size() == 1 && persistentEvents.size() == 2 && recursiveEvents.size() == 3;
        return watches && sessions.okIfRan(WatchesResult::sessionsAsExpected);
    }

    private static boolean sessionsAsExpected(Sessions s) {
        Outage disconnect = s.disconnect();
        Outage expiry = s.expiry();
        Outage clientExpiry = s.clientExpiry();
        return names(disconnect).equals("Disconnected>SyncConnected")
                && disconnect.sameSession() && disconnect.ephemeralSurvived() && !disconnect.othersSawDeletion()
                && names(expiry).equals("Disconnected>Expired")
                && !expiry.sameSession() && !expiry.ephemeralSurvived() && expiry.othersSawDeletion()
                && expiry.expiredBy().equals("ensemble")
                && names(clientExpiry).equals("Disconnected>Expired") && clientExpiry.expiredBy().equals("client")
                && clientExpiry.othersSawDeletion();
    }

    private static String names(Outage outage) {
        return String.join(">", outage.states().stream().map(StateChange::state).toList());
    }
}
