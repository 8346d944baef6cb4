package normalize

import (
	"fmt"
	"regexp"

	"github.com/shopspring/decimal"
)

// unitPattern finds a money unit statement: 单位：万元, 金额单位：元,
// 单位:元, （单位：万元）, 价值（金额单位：万元）.
var unitPattern = regexp.MustCompile(`单\s*位\s*[:：]\s*(万元|千元|元)`)

// ParseUnit returns the money unit a line states ("元", "千元", "万元"), or "".
func ParseUnit(line string) string {
	m := unitPattern.FindStringSubmatch(line)
	if m == nil {
		return ""
	}
	return m[1]
}

// fenPerUnit is how many fen one printed unit is worth.
var fenPerUnit = map[string]int64{"元": 100, "千元": 100_000, "万元": 1_000_000}

// ToFen converts an amount printed in unit to exact fen. A figure with more
// decimals than a fen can hold (0.001 元) is rounded half away from zero,
// and exact reports false so the caller can warn.
func ToFen(d decimal.Decimal, unit string) (fen int64, exact bool, err error) {
	per, ok := fenPerUnit[unit]
	if !ok {
		return 0, false, fmt.Errorf("unknown money unit %q", unit)
	}
	v := d.Mul(decimal.NewFromInt(per))
	r := v.Round(0)
	if !r.BigInt().IsInt64() {
		return 0, false, fmt.Errorf("amount %s %s is out of range", d, unit)
	}
	return r.IntPart(), r.Equal(v), nil
}
