//go:build race

package explain

const raceSlowdown = 20
