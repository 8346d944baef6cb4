package pdf

import (
	"bytes"
	"strconv"
	"strings"
)

// A content stream is a little program in PostScript syntax without control
// flow: operands first, then the operator that consumes them, as in
//
//	BT /F1 12 Tf 72 700 Td (Hello) Tj ET
//
// The same token syntax is used by CMap streams (begincodespacerange ...),
// so one lexer serves both. It works on the whole decoded stream in memory
// and never panics: malformed bytes become operators the interpreter does
// not know, which it ignores.
//
// Tokens (PDF 32000-1:2008, §7.2–7.3):
//
//	123 -4.5 .5        numbers (integers and reals are both float64 here)
//	/Name#20x          names; #xx is a hex-escaped byte
//	(a \(b\) \101)     literal strings: balanced parentheses, backslash escapes
//	<48656C6C6F>       hex strings; whitespace ignored, odd digit padded with 0
//	[ ... ]            arrays
//	<< /K v ... >>     dictionaries (kept as a flat key/value list)
//	true false null    operand keywords
//	anything else      an operator
//	% ...              comment to end of line

// kind is the type of a lexed object.
type kind uint8

const (
	kNum kind = iota
	kName
	kString
	kArray
	kDict
	kBool
	kNull
	kOp
	kProc // a PostScript procedure { ... } in a CMap; never an operand we use
)

// object is one lexed operand or operator. Arrays and dictionaries keep their
// elements in arr (a dictionary alternates keys and values).
type object struct {
	kind kind
	num  float64
	str  string // name (without slash), string bytes, or operator
	arr  []object
}

// maxNesting bounds array/dictionary nesting so a hostile stream of "[[[[..."
// cannot exhaust the stack.
const maxNesting = 32

// lexer reads objects from a decoded stream. A table page has hundreds of
// thousands of tokens, so the lexer keeps scratch buffers instead of growing
// a new slice for every array and string: stack holds the elements of the
// arrays being read (nested ones above their parent's) and buf the bytes of
// the string being read. A finished string is copied out at its exact size;
// a finished array goes to arena, which reset lets the lexer reuse once the
// caller is done with the arrays it was given (the interpreter is, after
// each operator).
type lexer struct {
	data  []byte
	pos   int
	stack []object
	buf   []byte
	arena []object
}

// reset lets the lexer overwrite the arrays it has returned so far.
func (l *lexer) reset() { l.arena = l.arena[:0] }

// keep copies a finished array's elements to the arena; nil when empty.
func (l *lexer) keep(items []object) []object {
	if len(items) == 0 {
		return nil
	}
	if cap(l.arena)-len(l.arena) < len(items) {
		// Arrays handed out before stay in the old arena.
		l.arena = make([]object, 0, max(2*cap(l.arena), len(items), 64))
	}
	n := len(l.arena)
	l.arena = append(l.arena, items...)
	return l.arena[n:len(l.arena):len(l.arena)]
}

func isSpace(c byte) bool {
	switch c {
	case 0, '\t', '\n', '\f', '\r', ' ':
		return true
	}
	return false
}

func isDelim(c byte) bool {
	switch c {
	case '(', ')', '<', '>', '[', ']', '{', '}', '/', '%':
		return true
	}
	return false
}

// skipSpace moves past whitespace and comments.
func (l *lexer) skipSpace() {
	for l.pos < len(l.data) {
		c := l.data[l.pos]
		if isSpace(c) {
			l.pos++
			continue
		}
		if c == '%' {
			for l.pos < len(l.data) && l.data[l.pos] != '\n' && l.data[l.pos] != '\r' {
				l.pos++
			}
			continue
		}
		return
	}
}

// next returns the next object, or ok=false at the end of the data.
func (l *lexer) next() (object, bool) {
	return l.nextDepth(0)
}

func (l *lexer) nextDepth(depth int) (object, bool) {
	l.skipSpace()
	if l.pos >= len(l.data) {
		return object{}, false
	}
	c := l.data[l.pos]
	switch c {
	case '/':
		l.pos++
		return object{kind: kName, str: l.name()}, true
	case '(':
		l.pos++
		return object{kind: kString, str: l.literal()}, true
	case '<':
		if l.pos+1 < len(l.data) && l.data[l.pos+1] == '<' {
			l.pos += 2
			return object{kind: kDict, arr: l.list(">>", depth)}, true
		}
		l.pos++
		return object{kind: kString, str: l.hex()}, true
	case '[':
		l.pos++
		return object{kind: kArray, arr: l.list("]", depth)}, true
	case '{':
		l.pos++
		return object{kind: kProc, arr: l.list("}", depth)}, true
	case ')', '>', ']', '}':
		// Stray closing delimiter: an operator nobody knows.
		l.pos++
		if c == '>' && l.pos < len(l.data) && l.data[l.pos] == '>' {
			l.pos++
			return object{kind: kOp, str: ">>"}, true
		}
		return object{kind: kOp, str: string(c)}, true
	}
	start := l.pos
	for l.pos < len(l.data) && !isSpace(l.data[l.pos]) && !isDelim(l.data[l.pos]) {
		l.pos++
	}
	word := l.data[start:l.pos]
	if c == '+' || c == '-' || c == '.' || c >= '0' && c <= '9' {
		if v, ok := parseNumber(word); ok {
			return object{kind: kNum, num: v}, true
		}
	}
	switch string(word) {
	case "true":
		return object{kind: kBool, num: 1}, true
	case "false":
		return object{kind: kBool}, true
	case "null":
		return object{kind: kNull}, true
	}
	if k, ok := opKey(word); ok {
		if op, ok := operators[k]; ok {
			return object{kind: kOp, str: op}, true
		}
	}
	return object{kind: kOp, str: string(word)}, true
}

// operators interns the content stream operators, so that lexing one does
// not allocate a string for it: a table page has hundreds of thousands.
// They are keyed by opKey, a small integer being quicker to hash than a
// string.
var operators = func() map[uint32]string {
	m := make(map[uint32]string)
	for _, op := range strings.Fields(`b B b* B* BDC BI BMC BT BX c cm CS cs d d0 d1
		Do DP EI EMC ET EX f F f* G g gs h i ID j J K k l m M MP n q Q re RG rg
		ri s S SC sc SCN scn sh T* Tc Td TD Tf Tj TJ TL Tm Tr Ts Tw Tz v w W W* y ' "`) {
		k, ok := opKey([]byte(op))
		if !ok {
			panic("operator longer than opKey takes: " + op)
		}
		m[k] = op
	}
	return m
}()

// opKey packs a word of one to three bytes, the length of every operator,
// and its length into one integer; ok=false for other words.
func opKey(w []byte) (k uint32, ok bool) {
	if len(w) == 0 || len(w) > 3 {
		return 0, false
	}
	k = uint32(len(w))
	for _, c := range w {
		k = k<<8 | uint32(c)
	}
	return k, true
}

// parseNumber accepts PDF numbers and the common malformations producers
// write (a doubled sign "--5", a trailing dot "5."), returning ok=false for
// words that are not numbers at all.
func parseNumber(word []byte) (float64, bool) {
	if v, ok := parseDecimal(word); ok {
		return v, true
	}
	s := string(word)
	if v, err := strconv.ParseFloat(s, 64); err == nil {
		return v, true
	}
	neg := false
	for len(s) > 0 && (s[0] == '-' || s[0] == '+') {
		neg = neg != (s[0] == '-')
		s = s[1:]
	}
	if i := strings.IndexByte(s, '.'); i >= 0 {
		// Keep only the first fractional part: "1.2.3" -> 1.2.
		if j := strings.IndexByte(s[i+1:], '.'); j >= 0 {
			s = s[:i+1+j]
		}
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		if s == "" || s == "." {
			return 0, true
		}
		return 0, false
	}
	if neg {
		v = -v
	}
	return v, true
}

// pow10 holds the powers of ten a float64 represents exactly.
var pow10 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15}

// parseDecimal parses the form nearly every number in a content stream
// has, [+-]digits[.digits] with at most 15 digits, without the string
// strconv needs. Such a number is m/10^k with m < 2^53 and k ≤ 15, both
// exact in a float64, so the one correctly rounded division gives the
// value strconv.ParseFloat gives. ok=false leaves other forms to it.
func parseDecimal(w []byte) (float64, bool) {
	neg := false
	if len(w) > 0 && (w[0] == '-' || w[0] == '+') {
		neg = w[0] == '-'
		w = w[1:]
	}
	var m uint64
	digits, dot := 0, -1
	for i, c := range w {
		switch {
		case c >= '0' && c <= '9':
			m = m*10 + uint64(c-'0')
			digits++
		case c == '.' && dot < 0:
			dot = i
		default:
			return 0, false
		}
	}
	if digits == 0 || digits >= len(pow10) {
		return 0, false
	}
	v := float64(m)
	if dot >= 0 {
		v /= pow10[len(w)-dot-1]
	}
	if neg {
		v = -v
	}
	return v, true
}

// list reads objects up to the closing token end ("]", ">>" or "}"). An
// empty list is nil.
func (l *lexer) list(end string, depth int) []object {
	base := len(l.stack)
	for {
		l.skipSpace()
		if l.pos >= len(l.data) {
			break
		}
		if bytes.HasPrefix(l.data[l.pos:], []byte(end)) {
			l.pos += len(end)
			break
		}
		if depth >= maxNesting {
			l.pos++ // too deep: skip bytes until the closing token
			continue
		}
		o, ok := l.nextDepth(depth + 1)
		if !ok {
			break
		}
		l.stack = append(l.stack, o)
	}
	out := l.keep(l.stack[base:])
	clear(l.stack[base:]) // drop references the arena now holds
	l.stack = l.stack[:base]
	return out
}

// name reads a name after its slash, decoding #xx escapes. Names are opaque
// byte strings: a font called /#CB#CE#CC#E5 (GBK for 宋体) is kept as bytes.
func (l *lexer) name() string {
	start := l.pos
	for l.pos < len(l.data) && !isSpace(l.data[l.pos]) && !isDelim(l.data[l.pos]) {
		l.pos++
	}
	raw := l.data[start:l.pos]
	if bytes.IndexByte(raw, '#') < 0 {
		return string(raw)
	}
	out := make([]byte, 0, len(raw))
	for i := 0; i < len(raw); i++ {
		if raw[i] == '#' && i+2 < len(raw) {
			if h, lo := unhex(raw[i+1]), unhex(raw[i+2]); h >= 0 && lo >= 0 {
				out = append(out, byte(h<<4|lo))
				i += 2
				continue
			}
		}
		out = append(out, raw[i])
	}
	return string(out)
}

func unhex(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

// hex reads a hex string after its '<'.
func (l *lexer) hex() string {
	out := l.buf[:0]
	defer func() { l.buf = out }()
	hi := -1
	for l.pos < len(l.data) {
		c := l.data[l.pos]
		l.pos++
		if c == '>' {
			break
		}
		d := unhex(c)
		if d < 0 {
			continue
		}
		if hi < 0 {
			hi = d
			continue
		}
		out = append(out, byte(hi<<4|d))
		hi = -1
	}
	if hi >= 0 {
		out = append(out, byte(hi<<4))
	}
	return string(out)
}

// literal reads a literal string after its '('.
func (l *lexer) literal() string {
	out := l.buf[:0]
	defer func() { l.buf = out }()
	depth := 1
	for l.pos < len(l.data) {
		c := l.data[l.pos]
		l.pos++
		switch c {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return string(out)
			}
		case '\\':
			if l.pos >= len(l.data) {
				return string(out)
			}
			e := l.data[l.pos]
			l.pos++
			switch e {
			case 'n':
				c = '\n'
			case 'r':
				c = '\r'
			case 't':
				c = '\t'
			case 'b':
				c = '\b'
			case 'f':
				c = '\f'
			case '\r':
				if l.pos < len(l.data) && l.data[l.pos] == '\n' {
					l.pos++
				}
				continue
			case '\n':
				continue
			default:
				if e >= '0' && e <= '7' {
					v := int(e - '0')
					for k := 0; k < 2 && l.pos < len(l.data) && l.data[l.pos] >= '0' && l.data[l.pos] <= '7'; k++ {
						v = v*8 + int(l.data[l.pos]-'0')
						l.pos++
					}
					c = byte(v)
				} else {
					c = e // \( \) \\ and unknown escapes stand for themselves
				}
			}
		}
		out = append(out, c)
	}
	return string(out)
}

// skipInlineImage skips an inline image: after BI come key/value pairs, then
// ID, one whitespace byte, raw image bytes, and EI. The raw bytes have no
// length we can trust, so we look for "EI" between whitespace, the heuristic
// every reader uses.
func (l *lexer) skipInlineImage() {
	for {
		o, ok := l.next()
		if !ok {
			return
		}
		if o.kind == kOp && o.str == "ID" {
			break
		}
	}
	l.pos++ // the single whitespace byte after ID
	for l.pos+1 < len(l.data) {
		if l.data[l.pos] == 'E' && l.data[l.pos+1] == 'I' && isSpace(l.data[l.pos-1]) &&
			(l.pos+2 == len(l.data) || isSpace(l.data[l.pos+2]) || isDelim(l.data[l.pos+2])) {
			l.pos += 2
			return
		}
		l.pos++
	}
	l.pos = len(l.data)
}
