package dev.taskledger.common;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link Ids}: UUIDv7 ids that carry their time and sort in creation order; lenient parsing of wire ids. */
class IdsTest {

    @Test
    void anId_isAVersion7Uuid_carryingItsMillisecond() {
        Instant at = Instant.now();
        UUID id = Ids.newId(at);

        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        // a millisecond whose 4,096 sequence numbers ran out (another test's burst) lends the next one
        assertThat(id.getMostSignificantBits() >>> 16).as("the 48-bit Unix millisecond")
                .isBetween(at.toEpochMilli(), at.toEpochMilli() + 2);
    }

    @Test
    void idsMadeOneAfterAnother_sortInCreationOrder_evenWithinOneMillisecond() {
        Instant at = Instant.now();
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 4_000; i++) {
            ids.add(Ids.newId(at));
        }

        assertThat(ids).doesNotHaveDuplicates().isSorted();
    }

    @Test
    void parseOrNull_acceptsOnlyTheCanonical36CharacterForm() {
        assertThat(Ids.parseOrNull("0190a0a0-0000-7000-8000-000000000000"))
                .isEqualTo(new UUID(0x0190a0a000007000L, 0x8000000000000000L));
        assertThat(Ids.parseOrNull("0190A0A0-0000-7000-8000-000000000000")).isEqualTo(Ids.parseOrNull("0190a0a0-0000-7000-8000-000000000000"));
        assertThat(Ids.parseOrNull(null)).isNull();
        assertThat(Ids.parseOrNull("1-2-3-4-5")).as("UUID.fromString would take it").isNull();
        assertThat(Ids.parseOrNull("not-a-uuid-but-thirty-six-characters")).isNull();
        assertThat(Ids.parseOrNull("0190a0a0-0000-7000-8000-0000000000000")).isNull();
    }
}
