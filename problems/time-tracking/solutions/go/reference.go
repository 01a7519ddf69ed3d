// Reference solution for working hours, all four levels.
package timetracker

import (
	"sort"
	"strconv"
)

// session is a completed session, from entry (included) to exit (excluded), at the pay it started with.
type session struct {
	entry        int
	exit         int
	compensation int
}

// promotion is a new position and compensation, waiting for the worker's next entry.
type promotion struct {
	position     string
	compensation int
}

// worker is what one worker holds now, a promotion waiting for their entry, and every session.
type worker struct {
	id           string
	position     string
	compensation int
	pending      *promotion
	enteredAt    *int // set while the worker is inside
	// Level 4's double pay can reach back into any session, so a running salary total would not do.
	sessions   []session
	timeWorked int
}

// TimeTrackerImpl keeps every worker by id, and the double-pay periods merged into disjoint
// [start, end) intervals, sorted by start.
type TimeTrackerImpl struct {
	workers      map[string]*worker
	doubleStarts []int
	doubleEnds   []int
}

// NewTimeTrackerImpl returns a tracker with no workers and no double-pay periods.
func NewTimeTrackerImpl() *TimeTrackerImpl {
	return &TimeTrackerImpl{workers: map[string]*worker{}}
}

// Level 1

func (t *TimeTrackerImpl) AddWorker(workerID string, position string, compensation int) bool {
	if _, exists := t.workers[workerID]; exists || compensation <= 0 {
		return false
	}
	t.workers[workerID] = &worker{id: workerID, position: position, compensation: compensation}
	return true
}

func (t *TimeTrackerImpl) Register(workerID string, timestamp int) bool {
	w, ok := t.workers[workerID]
	if !ok {
		return false
	}
	if w.enteredAt == nil {
		if w.pending != nil { // a promotion takes effect as the worker comes in
			w.position, w.compensation = w.pending.position, w.pending.compensation
			w.pending = nil
		}
		entered := timestamp
		w.enteredAt = &entered
	} else {
		w.sessions = append(w.sessions, session{entry: *w.enteredAt, exit: timestamp, compensation: w.compensation})
		w.timeWorked += timestamp - *w.enteredAt
		w.enteredAt = nil
	}
	return true
}

func (t *TimeTrackerImpl) GetTimeWorked(workerID string) *int {
	w, ok := t.workers[workerID]
	if !ok {
		return nil
	}
	worked := w.timeWorked
	return &worked
}

// Level 2

func (t *TimeTrackerImpl) TopWorkers(n int, position string) []string {
	holders := []*worker{}
	for _, w := range t.workers {
		if w.position == position {
			holders = append(holders, w)
		}
	}
	sort.Slice(holders, func(i, j int) bool {
		if holders[i].timeWorked != holders[j].timeWorked {
			return holders[i].timeWorked > holders[j].timeWorked
		}
		return holders[i].id < holders[j].id
	})
	if n < 0 {
		n = 0
	}
	if n < len(holders) {
		holders = holders[:n]
	}
	ranked := make([]string, len(holders))
	for i, w := range holders {
		ranked[i] = w.id + "(" + strconv.Itoa(w.timeWorked) + ")"
	}
	return ranked
}

// Level 3

func (t *TimeTrackerImpl) Promote(workerID string, newPosition string, newCompensation int) bool {
	w, ok := t.workers[workerID]
	if !ok || w.pending != nil || newCompensation <= 0 {
		return false
	}
	w.pending = &promotion{position: newPosition, compensation: newCompensation}
	return true
}

func (t *TimeTrackerImpl) GetSalary(workerID string, start int, end int) *int {
	w, ok := t.workers[workerID]
	if !ok {
		return nil
	}
	salary := 0
	for _, s := range w.sessions {
		low, high := max(s.entry, start), min(s.exit, end)
		if low < high {
			// Every moment is paid once, and once more when it falls in a double-pay period.
			salary += s.compensation * (high - low + t.doubleTime(low, high))
		}
	}
	return &salary
}

// Level 4

func (t *TimeTrackerImpl) AddDoublePay(start int, end int) bool {
	if start >= end {
		return false
	}
	starts, ends := []int{}, []int{}
	for i, periodStart := range t.doubleStarts {
		periodEnd := t.doubleEnds[i]
		if periodEnd < start || end < periodStart { // apart: keep as it is
			starts = append(starts, periodStart)
			ends = append(ends, periodEnd)
		} else { // overlapping or touching: swallow it into the new period
			start, end = min(start, periodStart), max(end, periodEnd)
		}
	}
	index := sort.SearchInts(starts, start+1) // the first period starting after start
	starts = append(starts[:index], append([]int{start}, starts[index:]...)...)
	ends = append(ends[:index], append([]int{end}, ends[index:]...)...)
	t.doubleStarts, t.doubleEnds = starts, ends
	return true
}

// doubleTime is how much of [start, end) lies inside double-pay periods.
func (t *TimeTrackerImpl) doubleTime(start int, end int) int {
	covered := 0
	// The periods are disjoint and sorted: begin at the last one starting at or before start.
	index := max(sort.SearchInts(t.doubleStarts, start+1)-1, 0)
	for ; index < len(t.doubleStarts) && t.doubleStarts[index] < end; index++ {
		overlap := min(end, t.doubleEnds[index]) - max(start, t.doubleStarts[index])
		covered += max(overlap, 0)
	}
	return covered
}

func min(a, b int) int {
	if a < b {
		return a
	}
	return b
}

func max(a, b int) int {
	if a > b {
		return a
	}
	return b
}
