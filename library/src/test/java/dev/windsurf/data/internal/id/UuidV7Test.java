package dev.windsurf.data.internal.id;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class UuidV7Test {

    private static final Pattern LOWERCASE_V7 =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");

    @Test
    void shouldProduceVersion7VariantRfcIdsInLowercaseText() {
        String id = UuidV7.next();

        assertThat(id).hasSize(36).matches(LOWERCASE_V7);
        UUID uuid = UUID.fromString(id);
        assertThat(uuid.version()).isEqualTo(7);
        assertThat(uuid.variant()).isEqualTo(2);
    }

    @Test
    void shouldCarryTheTimeInMilliseconds() {
        UuidV7 generator = new UuidV7(() -> 0x0192_f1a0_1234L);

        UUID uuid = generator.nextUuid();

        assertThat(uuid.getMostSignificantBits() >>> 16).isEqualTo(0x0192_f1a0_1234L);
    }

    @Test
    void shouldStrictlyIncreaseWithinOneMillisecondAndPastTheCounter() {
        UuidV7 generator = new UuidV7(() -> 1_700_000_000_000L);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {                // more than the 12-bit counter holds
            ids.add(generator.nextUuid().toString());
        }

        assertThat(ids).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void shouldNotGoBackWhenTheClockStepsBack() {
        AtomicLong now = new AtomicLong(1_700_000_000_000L);
        UuidV7 generator = new UuidV7(now::get);
        String before = generator.nextUuid().toString();

        now.addAndGet(-5_000);
        String after = generator.nextUuid().toString();

        assertThat(after).isGreaterThan(before);
    }

    @Test
    void shouldStayUniqueAndOrderedPerThreadUnderConcurrency() throws Exception {
        ConcurrentLinkedQueue<String> all = new ConcurrentLinkedQueue<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < 8; t++) {
                pool.submit(() -> {
                    List<String> mine = new ArrayList<>();
                    for (int i = 0; i < 2_000; i++) {
                        mine.add(UuidV7.next());
                    }
                    assertThat(mine).isSorted();
                    all.addAll(mine);
                });
            }
        }
        Set<String> unique = new HashSet<>(all);
        assertThat(unique).hasSize(16_000);
    }
}
