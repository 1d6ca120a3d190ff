package io.kafkalessons.lesson16;

/**
 * Interactive query across instances: each instance answers for the keys in its own store, and
 * knows (from the group's metadata) which instance holds any other key.
 */
final class QueryStep {

    private QueryStep() {
    }

    static StreamsResult.Query ask(Lab lab, Deployment app) {
        String user = StreamsLesson.QUERIED_USER;
        int asked = 1;
        String first = app.ask(asked, "/count/" + user);
        if (first.startsWith("here")) {
            asked = 2;
            first = app.ask(asked, "/count/" + user);
        }
        int owner = asked == 1 ? 2 : 1;
        String answer = app.ask(owner, "/count/" + user);
        long count = Long.parseLong(answer.substring("here ".length()));
        long expected = lab.latestCounts(app.settings().applicationId() + "-views-per-user").get(user);
        lab.narrator().say("query", "instance %d, asked for %s's count: \"%s\"; instance %d there: \"%s\"", asked, user, first,
                owner, answer);
        lab.narrator().notice("each instance answers from its own store; for other keys, the group's metadata (every");
        lab.narrator().notice("instance's application.server and tasks) tells it who holds the key.");
        return new StreamsResult.Query(user, asked, first, owner, count, expected);
    }
}
