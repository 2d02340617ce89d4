// twin-chat: the half-to-float widening the runtime's sort uses for float16 keys. For the web runtime build (the
// apache-tvm wheel lacks this header). The signature is the one the runtime calls; the body is a plain IEEE 754
// widening: every binary16 value (normal, subnormal, zero, infinity, NaN) maps to the binary32 value it denotes.
#ifndef TWIN_CHAT_BUILTIN_FP16_H_
#define TWIN_CHAT_BUILTIN_FP16_H_

#include <cstdint>
#include <cstring>

template <typename SrcT, typename SrcRepT, int SrcSigBits, typename DstT, typename DstRepT, int DstSigBits>
static inline DstT __extendXfYf2__(SrcT a) {
  constexpr int kSrcBits = sizeof(SrcRepT) * 8;
  constexpr int kSrcExpBits = kSrcBits - SrcSigBits - 1;
  constexpr int kDstBits = sizeof(DstRepT) * 8;
  constexpr int kDstExpBits = kDstBits - DstSigBits - 1;
  constexpr int kSrcBias = (1 << (kSrcExpBits - 1)) - 1;
  constexpr int kDstBias = (1 << (kDstExpBits - 1)) - 1;
  constexpr int kSrcMaxExp = (1 << kSrcExpBits) - 1;
  constexpr int kDstMaxExp = (1 << kDstExpBits) - 1;

  SrcRepT bits;
  std::memcpy(&bits, &a, sizeof(bits));
  DstRepT sign = static_cast<DstRepT>(bits >> (kSrcBits - 1)) << (kDstBits - 1);
  int exponent = static_cast<int>((bits >> SrcSigBits) & kSrcMaxExp);
  DstRepT significand = static_cast<DstRepT>(bits & ((SrcRepT(1) << SrcSigBits) - 1));

  DstRepT out;
  if (exponent == kSrcMaxExp) {  // infinity or NaN: all-ones exponent, significand carried over
    out = sign | (DstRepT(kDstMaxExp) << DstSigBits) | (significand << (DstSigBits - SrcSigBits));
  } else if (exponent != 0) {  // normal: rebias the exponent
    out = sign | (DstRepT(exponent - kSrcBias + kDstBias) << DstSigBits) | (significand << (DstSigBits - SrcSigBits));
  } else if (significand == 0) {  // signed zero
    out = sign;
  } else {  // subnormal in the source, normal in the wider type: shift the leading one into place
    int shift = 0;
    while ((significand & (DstRepT(1) << SrcSigBits)) == 0) {
      significand <<= 1;
      ++shift;
    }
    significand &= (DstRepT(1) << SrcSigBits) - 1;
    out = sign | (DstRepT(1 - kSrcBias - shift + kDstBias) << DstSigBits) | (significand << (DstSigBits - SrcSigBits));
  }
  DstT result;
  std::memcpy(&result, &out, sizeof(result));
  return result;
}

#endif  // TWIN_CHAT_BUILTIN_FP16_H_
