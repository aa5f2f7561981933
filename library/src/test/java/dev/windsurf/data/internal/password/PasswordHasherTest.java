package dev.windsurf.data.internal.password;

import static dev.windsurf.data.internal.password.PasswordHasher.Verification.MATCH;
import static dev.windsurf.data.internal.password.PasswordHasher.Verification.MATCH_NEEDS_REHASH;
import static dev.windsurf.data.internal.password.PasswordHasher.Verification.MISMATCH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordHasherTest {

    private static final String PASSWORD = "correct horse battery";
    /** Cheap parameters keep the tests fast; the format and the logic do not depend on them. */
    private final PasswordHasher cheap = new PasswordHasher(64, 1, 1);

    @Test
    void shouldStoreOwaspParametersInThePhcString() {
        String hash = PasswordHasher.owasp().hash(PASSWORD);

        assertThat(hash).matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
        assertThat(PasswordHasher.owasp().verify(PASSWORD, hash)).isEqualTo(MATCH);
        assertThat(PasswordHasher.owasp().verify(PASSWORD + "!", hash)).isEqualTo(MISMATCH);
    }

    @Test
    void shouldSaltEveryHash() {
        assertThat(cheap.hash(PASSWORD)).isNotEqualTo(cheap.hash(PASSWORD));
    }

    @Test
    void shouldMatchTheReferenceArgon2idOutput() {
        // Computed independently with Bouncy Castle, as any Argon2id implementation would for these inputs.
        byte[] salt = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13).withMemoryAsKB(64).withIterations(1)
                .withParallelism(1).withSalt(salt).build());
        byte[] expected = new byte[32];
        generator.generateBytes(PASSWORD.getBytes(java.nio.charset.StandardCharsets.UTF_8), expected);
        String phc = "$argon2id$v=19$m=64,t=1,p=1$" + b64(salt) + "$" + b64(expected);

        assertThat(cheap.verify(PASSWORD, phc)).isEqualTo(MATCH);
    }

    @Test
    void shouldAskForARehashWhenTheParametersAreOlder() {
        String old = new PasswordHasher(32, 1, 1).hash(PASSWORD);

        assertThat(cheap.verify(PASSWORD, old)).isEqualTo(MATCH_NEEDS_REHASH);
        assertThat(cheap.verify("wrong password!!", old)).isEqualTo(MISMATCH);
        assertThat(cheap.verify(PASSWORD, cheap.hash(PASSWORD))).isEqualTo(MATCH);
    }

    @Test
    void shouldVerifyOtherArgon2VariantsAndAskForARehash() {
        byte[] salt = new byte[16];
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_i)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13).withMemoryAsKB(64).withIterations(1)
                .withParallelism(1).withSalt(salt).build());
        byte[] hash = new byte[32];
        generator.generateBytes(PASSWORD.getBytes(java.nio.charset.StandardCharsets.UTF_8), hash);

        assertThat(cheap.verify(PASSWORD, "$argon2i$v=19$m=64,t=1,p=1$" + b64(salt) + "$" + b64(hash)))
                .isEqualTo(MATCH_NEEDS_REHASH);
    }

    @Test
    void shouldMatchTheSamePasswordTypedInAnotherUnicodeForm() {
        String composed = "caf\u00e9 au lait 1234";
        String decomposed = "cafe\u0301 au lait 1234";

        assertThat(cheap.verify(decomposed, cheap.hash(composed))).isEqualTo(MATCH);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "plain", "$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$", "$bcrypt$whatever",
            "$argon2id$v=18$m=64,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA",
            "$argon2id$v=19$m=99999999,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA",
            "$argon2id$v=19$m=64,t=0,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA",
            "$argon2id$v=19$m=64,t=1,p=1,x=2$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA",
            "$argon2id$v=19$m=64,t=1,p=1$!!!$aGFzaGhhc2hoYXNoaGFzaA"})
    void shouldTreatAnUnreadableStoredHashAsAMismatch(String stored) {
        assertThat(cheap.verify(PASSWORD, stored)).isEqualTo(MISMATCH);
    }

    @Test
    void shouldSpendAVerificationOnTheDecoyWithTheSameParameters() {
        PasswordHasher slow = new PasswordHasher(4096, 2, 1);
        String stored = slow.hash(PASSWORD);
        slow.verifyDecoy(PASSWORD);                               // makes the decoy hash

        long verify = timed(() -> slow.verify(PASSWORD, stored));
        long decoy = timed(() -> slow.verifyDecoy(PASSWORD));

        assertThat(decoy).as("decoy %d ns vs verify %d ns", decoy, verify).isGreaterThan(verify / 4);
    }

    private static long timed(Runnable work) {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            long start = System.nanoTime();
            work.run();
            best = Math.min(best, System.nanoTime() - start);
        }
        return best;
    }

    @Test
    void shouldRefuseParametersOutOfRange() {
        assertThatThrownBy(() -> new PasswordHasher(4, 1, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("memoryKib");
        assertThatThrownBy(() -> new PasswordHasher(64, 0, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("iterations");
        assertThatThrownBy(() -> new PasswordHasher(64, 1, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("parallelism");
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().withoutPadding().encodeToString(bytes);
    }

    @Test
    void shouldComputeAtMostOneHashPerProcessorAtOnceAndServeEveryCaller() throws Exception {
        PasswordHasher cheap = new PasswordHasher(256, 1, 1);
        int callers = PasswordHasher.MAX_CONCURRENT * 4;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<PasswordHasher.Verification>> results = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < callers; i++) {
                String password = "password number " + i;
                results.add(threads.submit(() -> {
                    start.await();
                    String stored = null;
                    for (int round = 0; round < 20; round++) {
                        stored = cheap.hash(password);
                    }
                    return cheap.verify(password, stored);
                }));
            }
            start.countDown();
            for (Future<PasswordHasher.Verification> result : results) {
                assertThat(result.get(60, TimeUnit.SECONDS)).isEqualTo(MATCH);
            }
        }

        assertThat(PasswordHasher.peakConcurrency()).isEqualTo(PasswordHasher.MAX_CONCURRENT);
    }

    @Test
    void shouldRefuseAStoredHashThatAsksForMoreWorkThanConfigured() {
        String heavier = new PasswordHasher(1024, 1, 1).hash(PASSWORD);
        String longer = new PasswordHasher(64, 3, 1).hash(PASSWORD);
        byte[] random = new byte[16];
        String huge = "$argon2id$v=19$m=2097152,t=64,p=1$" + b64(random) + "$" + b64(random);

        long started = System.nanoTime();
        assertThat(cheap.verify(PASSWORD, heavier)).isEqualTo(MISMATCH);
        assertThat(cheap.verify(PASSWORD, longer)).isEqualTo(MISMATCH);
        assertThat(cheap.verify(PASSWORD, huge)).isEqualTo(MISMATCH);
        assertThat((System.nanoTime() - started) / 1_000_000).as("ms, without computing them").isLessThan(500);
        assertThat(new PasswordHasher(1024, 1, 1).verify(PASSWORD, heavier)).isEqualTo(MATCH);
    }

    @Test
    void shouldRefuseWorkBeyondTheQueueWithARetryAfterAndServeTheRest() throws Exception {
        PasswordHasher slow = new PasswordHasher(PasswordHasher.OWASP_MEMORY_KIB, 2, 1);
        int callers = PasswordHasher.MAX_CONCURRENT + PasswordHasher.MAX_WAITING + 60;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> results = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < callers; i++) {
                results.add(threads.submit(() -> {
                    start.await();
                    try {
                        return slow.hash(PASSWORD);
                    } catch (dev.windsurf.data.OverloadedException e) {
                        assertThat(e.retryAfter()).isPositive();
                        assertThat(e.getMessage()).doesNotContain(PASSWORD);
                        return "refused";
                    }
                }));
            }
            start.countDown();
            int refused = 0;
            for (Future<String> result : results) {
                String outcome = result.get(120, TimeUnit.SECONDS);
                if (outcome.equals("refused")) {
                    refused++;
                } else {
                    assertThat(slow.verify(PASSWORD, outcome)).isEqualTo(MATCH);
                }
            }
            assertThat(refused).as("refused of %d", callers).isPositive().isLessThan(callers);
        }
    }
}
