import torch
from lab40_gptq import pack_int4, unpack_int4
from llmlab_grading import points


@points(7, "unpack_int4(pack_int4(codes), cols) must give the codes back exactly, for any number "
           "of columns (the last int32 zero-padded), as uint8.", task="packing", timeout=30)
def test_pack_round_trip():
    g = torch.Generator().manual_seed(10)
    for cols in (1, 7, 8, 9, 64, 250):
        codes = torch.randint(0, 16, (5, cols), generator=g, dtype=torch.uint8)
        packed = pack_int4(codes)
        assert packed.dtype == torch.int32 and packed.shape == (5, (cols + 7) // 8)
        back = unpack_int4(packed, cols)
        assert back.dtype == torch.uint8 and torch.equal(back, codes), cols
    ints = torch.randint(0, 16, (3, 16), generator=g)  # int64 codes pack the same
    assert torch.equal(unpack_int4(pack_int4(ints), 16).long(), ints)


@points(8, "Code k of each run of eight must sit in bits 4k..4k+3 of one int32, least significant "
           "first; codes >= 8 in the top nibble make the int32 negative and must still unpack.",
        task="packing", timeout=30)
def test_pack_bit_layout():
    codes = torch.tensor([[0, 1, 2, 3, 4, 5, 6, 7], [1, 2, 3, 4, 5, 6, 7, 8], [15] * 8,
                          [0, 0, 0, 0, 0, 0, 0, 0]])
    packed = pack_int4(codes)
    assert packed[:, 0].tolist() == [0x76543210, 0x87654321 - 2**32, -1, 0]
    assert pack_int4(torch.tensor([[9]])).tolist() == [[9]]
    assert pack_int4(torch.tensor([[0] * 8 + [3, 12]]))[0, 1].item() == 3 + (12 << 4)
    assert torch.equal(unpack_int4(torch.tensor([[-2023406815]], dtype=torch.int32), 8),
                       torch.tensor([[1, 2, 3, 4, 5, 6, 7, 8]], dtype=torch.uint8))
