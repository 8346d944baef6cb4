package normalize

import "github.com/cnbudget/cnbudget/normalize/classification"

// classCode returns the 类 code for a cleaned 类 name, or "". Summary
// tables print the 类 by name only (八、社会保障和就业支出); the dictionary
// knows every name a 类 has had, old (pre-2019) and new.
func classCode(name string) string {
	return classification.Default().ClassCode(name)
}
