"""Sets of commitment ids as bit sets: a Python int with bit n set for commitment id n. AND, OR
and counting run at C speed; the facet index (browse/facet_index.py) and the common words' sets
(browse/word_sets.py) are made of them."""

# The positions of the set bits of each byte value.
_BYTE_BITS = [tuple(bit for bit in range(8) if value >> bit & 1) for value in range(256)]


def bits(ids):
    """A bit set (int) with bit n set for every n in `ids`."""
    ids = list(ids)
    if not ids:
        return 0
    buffer = bytearray((max(ids) >> 3) + 1)
    for n in ids:
        buffer[n >> 3] |= 1 << (n & 7)
    return int.from_bytes(buffer, "little")


def members(mask):
    """The ids in a bit set, ascending."""
    for index, byte in enumerate(as_bytes(mask)):
        if byte:
            base = index << 3
            for bit in _BYTE_BITS[byte]:
                yield base + bit


def has(data, n):
    """Whether bit n is set in a bit set's bytes."""
    return (n >> 3) < len(data) and data[n >> 3] >> (n & 7) & 1


def as_bytes(mask):
    return mask.to_bytes((mask.bit_length() + 7) >> 3, "little")
