import torch
from lab40_gptq import pack_int4, unpack_int4


def test_round_trip_is_exact():
    codes = torch.randint(0, 16, (4, 21), generator=torch.Generator().manual_seed(0))
    packed = pack_int4(codes)
    assert packed.dtype == torch.int32 and packed.shape == (4, 3)
    assert torch.equal(unpack_int4(packed, 21), codes.to(torch.uint8))


def test_layout():
    assert pack_int4(torch.tensor([[0, 1, 2, 3, 4, 5, 6, 7]])).item() == 0x76543210
    assert pack_int4(torch.tensor([[15] * 8])).item() == -1  # the sign bit is set
