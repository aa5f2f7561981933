package dev.windsurf.data.internal.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.windsurf.data.internal.pool.PrimaryGuard.Identity;
import dev.windsurf.data.internal.pool.PrimaryGuard.Observation;
import dev.windsurf.data.internal.pool.PrimaryGuard.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The rules by which the primary to write to is chosen among the answers of a survey; the servers themselves are
 * exercised by PostgresFailoverTest. A unit test because some answers (two systems, a lost privilege) are costly to
 * stage with real clusters.
 */
class PrimaryGuardJudgeTest {

    private static final String A = "h1:5432";
    private static final String B = "h2:5433";
    private static final Identity ON_A = new Identity(A, "7", 1);

    private static Observation primary(String server, String system, long timeline) {
        return new Observation(server, true, true, system, timeline);
    }

    private static Observation standby(String server) {
        return new Observation(server, true, false, null, -1);
    }

    private static Observation down(String server) {
        return new Observation(server, false, false, null, -1);
    }

    @Test
    void shouldTakeTheOnlyPrimaryAtStart() {
        Verdict v = PrimaryGuard.judge(null, null, List.of(primary(A, "7", 1), standby(B)));
        assertThat(v.chosen()).isEqualTo(ON_A);
        assertThat(v.refused()).isEmpty();
        assertThat(v.splitBrain()).isNull();
    }

    @Test
    void shouldFollowAPromotionToAHigherTimeline() {
        Verdict v = PrimaryGuard.judge(ON_A, null, List.of(down(A), primary(B, "7", 2)));
        assertThat(v.chosen()).isEqualTo(new Identity(B, "7", 2));
        assertThat(v.refused()).isEmpty();
    }

    @Test
    void shouldRefuseTheOldPrimaryBackBesideThePromotedOne() {
        Verdict v = PrimaryGuard.judge(ON_A, null, List.of(primary(A, "7", 1), primary(B, "7", 2)));
        assertThat(v.chosen().server()).isEqualTo(B);
        assertThat(v.refused()).containsExactly(ON_A);
    }

    @Test
    void shouldRefuseTheOldPrimaryAloneOnceAPromotionWasFollowed() {
        Identity onB = new Identity(B, "7", 2);
        Verdict v = PrimaryGuard.judge(onB, null, List.of(primary(A, "7", 1), down(B)));
        assertThat(v.chosen()).isNull();
        assertThat(v.refused()).containsExactly(ON_A);
        assertThat(v.splitBrain()).contains("refused").contains(A);
    }

    @Test
    void shouldKeepTheSamePrimaryAfterItsRestart() {
        Verdict v = PrimaryGuard.judge(ON_A, null, List.of(primary(A, "7", 1), standby(B)));
        assertThat(v.chosen()).isEqualTo(ON_A);
    }

    @Test
    void shouldRefuseAnotherServerOnTheAcceptedTimelineAndAnotherSystem() {
        Verdict v = PrimaryGuard.judge(ON_A, null, List.of(down(A), primary(B, "7", 1)));
        assertThat(v.chosen()).isNull();
        assertThat(v.refused()).containsExactly(new Identity(B, "7", 1));
        v = PrimaryGuard.judge(ON_A, null, List.of(down(A), primary(B, "8", 5)));
        assertThat(v.chosen()).isNull();
    }

    @Test
    void shouldChooseNeitherOfTwoPromotedStandbysOnOneTimeline() {
        Verdict v = PrimaryGuard.judge(ON_A, null, List.of(down(A), primary(B, "7", 2), primary("h3:1", "7", 2)));
        assertThat(v.chosen()).isNull();
        assertThat(v.splitBrain()).contains("several primaries on timeline 2");
    }

    @Test
    void shouldRefusePrimariesOfDifferentSystemsAtStart() {
        Verdict v = PrimaryGuard.judge(null, null, List.of(primary(A, "7", 1), primary(B, "8", 3)));
        assertThat(v.chosen()).isNull();
        assertThat(v.splitBrain()).contains("different systems");
    }

    @Test
    void shouldCompareTimelinesOnlyWhenTheSystemIdentifierCannotBeRead() {
        Identity unknown = new Identity(A, null, 1);
        assertThat(PrimaryGuard.judge(unknown, null, List.of(down(A), primary(B, null, 2))).chosen().server())
                .isEqualTo(B);
        assertThat(PrimaryGuard.judge(unknown, null, List.of(down(A), primary(B, null, 1))).chosen()).isNull();
    }

    @Test
    void shouldTakeTheOperatorsChoiceWhateverItsIdentity() {
        Identity onB = new Identity(B, "7", 2);
        Verdict v = PrimaryGuard.judge(onB, A, List.of(primary(A, "7", 1), primary(B, "7", 2)));
        assertThat(v.chosen()).isEqualTo(ON_A);
        assertThat(v.refused()).containsExactly(onB);
        assertThat(PrimaryGuard.judge(onB, A, List.of(down(A), primary(B, "7", 2))).chosen()).isEqualTo(onB);
    }

    @Test
    void shouldReadTheHostsWithPgjdbc() {
        assertThat(PrimaryGuard.servers("jdbc:postgresql://h1:5432,h2:5433/db?targetServerType=any"))
                .containsExactly("h1:5432", "h2:5433");
        assertThat(PrimaryGuard.servers("jdbc:postgresql://h1,h2:6000/db")).containsExactly("h1:5432", "h2:6000");
        assertThat(PrimaryGuard.servers("jdbc:postgresql://[::1]:5432,h2/db")).containsExactly("[::1]:5432",
                "h2:5432");
        assertThat(PrimaryGuard.servers("jdbc:postgresql://h1/db")).containsExactly("h1:5432");
    }
}
