package settings

import "github.com/gatehouse/gatehouse/internal/jsontree"

// treeOptions reads settings files keeping every member of a repeated key,
// so that a duplicate "permissions" or "deny" cannot hide a deny rule.
var treeOptions = jsontree.Options{MaxDepth: 256}

// offsetError is a problem at a byte offset of a settings file.
type offsetError = jsontree.Error

// kindName names v's type for messages ("an object", "a number").
func kindName(v *jsontree.Value) string {
	switch v.Kind {
	case jsontree.Object:
		return "an object"
	case jsontree.Array:
		return "an array"
	case jsontree.String:
		return "a string"
	case jsontree.Bool:
		return "a boolean"
	case jsontree.Null:
		return "null"
	}
	return "a number"
}
