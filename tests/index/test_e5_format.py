"""Q4_0 dequantisation on a hand-made block (the real checkpoint is read in test_e5_convert.py)."""

import struct

from policy_kg.index.e5_format import dequantize_q4_0


def test_q4_0_block_dequantises_low_nibbles_first():
    nibbles = bytes((j & 0x0F) | ((15 - (j & 0x0F)) << 4) for j in range(16))
    block = struct.pack("<e", 0.5) + nibbles
    values = dequantize_q4_0(block, 32)
    expected = [(j - 8) * 0.5 for j in range(16)] + [(7 - j) * 0.5 for j in range(16)]
    assert values.tolist() == expected
