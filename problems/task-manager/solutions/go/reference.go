// Reference solution: all four levels of the task manager.
package taskmanager

import (
	"container/heap"
	"sort"
	"strconv"
	"strings"
)

// task is a task's whole life: current values, its active assignment and its event log.
type task struct {
	number     int // creation order: ties are broken by it
	id         string
	name       string
	priority   int
	removed    bool
	assignment *assignment // the active one, or nil
	history    []string
}

func (t *task) describe() string {
	return t.id + "(" + t.name + ", " + strconv.Itoa(t.priority) + ")"
}

type user struct {
	id      string
	quota   int
	active  map[string]*assignment // task id -> active assignment
	overdue []string               // task ids, in the order their assignments expired
}

type assignment struct {
	task     *task
	user     *user
	deadline int
	seq      int
}

// deadlineHeap orders assignments by (deadline, task number, sequence), for container/heap.
type deadlineHeap []*assignment

func (h deadlineHeap) Len() int { return len(h) }
func (h deadlineHeap) Less(i, j int) bool {
	a, b := h[i], h[j]
	if a.deadline != b.deadline {
		return a.deadline < b.deadline
	}
	if a.task.number != b.task.number {
		return a.task.number < b.task.number
	}
	return a.seq < b.seq
}
func (h deadlineHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *deadlineHeap) Push(x any)   { *h = append(*h, x.(*assignment)) }
func (h *deadlineHeap) Pop() any {
	old := *h
	last := old[len(old)-1]
	*h = old[:len(old)-1]
	return last
}

// TaskManagerImpl keeps every task ever added (removed ones included) by id, and in creation order.
type TaskManagerImpl struct {
	tasks     map[string]*task
	order     []*task
	users     map[string]*user
	deadlines deadlineHeap
	seq       int
}

// NewTaskManagerImpl returns an empty task manager.
func NewTaskManagerImpl() *TaskManagerImpl {
	return &TaskManagerImpl{tasks: map[string]*task{}, users: map[string]*user{}}
}

// Helpers

// expire ends every assignment due at or before timestamp, in deadline order, before the call runs.
func (m *TaskManagerImpl) expire(timestamp int) {
	for len(m.deadlines) > 0 && m.deadlines[0].deadline <= timestamp {
		a := heap.Pop(&m.deadlines).(*assignment)
		if a.task.assignment != a {
			continue // completed, or cancelled by a removal, before its deadline
		}
		m.end(a)
		a.user.overdue = append(a.user.overdue, a.task.id)
		a.task.history = append(a.task.history, strconv.Itoa(a.deadline)+": expired for "+a.user.id)
	}
}

func (m *TaskManagerImpl) end(a *assignment) {
	a.task.assignment = nil
	delete(a.user.active, a.task.id)
}

func (m *TaskManagerImpl) live(timestamp int, taskID string) *task {
	m.expire(timestamp)
	t, ok := m.tasks[taskID]
	if !ok || t.removed {
		return nil
	}
	return t
}

func (m *TaskManagerImpl) record(t *task, timestamp int, event string) {
	t.history = append(t.history, strconv.Itoa(timestamp)+": "+event)
}

// Level 1

func (m *TaskManagerImpl) AddTask(timestamp int, name string, priority int) *string {
	m.expire(timestamp)
	if priority < 1 {
		return nil
	}
	number := len(m.order) + 1
	t := &task{number: number, id: "task" + strconv.Itoa(number), name: name, priority: priority}
	m.tasks[t.id] = t
	m.order = append(m.order, t)
	m.record(t, timestamp, "created with priority "+strconv.Itoa(priority))
	id := t.id
	return &id
}

func (m *TaskManagerImpl) UpdatePriority(timestamp int, taskID string, priority int) bool {
	t := m.live(timestamp, taskID)
	if t == nil || priority < 1 {
		return false
	}
	m.record(t, timestamp, "priority changed from "+strconv.Itoa(t.priority)+" to "+strconv.Itoa(priority))
	t.priority = priority
	return true
}

func (m *TaskManagerImpl) GetTask(timestamp int, taskID string) *string {
	t := m.live(timestamp, taskID)
	if t == nil {
		return nil
	}
	described := t.describe()
	return &described
}

func (m *TaskManagerImpl) RemoveTask(timestamp int, taskID string) bool {
	t := m.live(timestamp, taskID)
	if t == nil {
		return false
	}
	if t.assignment != nil {
		m.end(t.assignment) // cancelled: frees the quota, never overdue
	}
	t.removed = true
	m.record(t, timestamp, "removed")
	return true
}

// Level 2

func (m *TaskManagerImpl) TopTasks(timestamp int, n int) []string {
	return m.SearchTasks(timestamp, "", n)
}

func (m *TaskManagerImpl) SearchTasks(timestamp int, query string, n int) []string {
	m.expire(timestamp)
	found := []string{}
	if n <= 0 {
		return found
	}
	matches := []*task{}
	for _, t := range m.order {
		if !t.removed && strings.Contains(t.name, query) {
			matches = append(matches, t)
		}
	}
	// A stable sort on priority keeps equal priorities in creation order, the order of m.order.
	sort.SliceStable(matches, func(i, j int) bool { return matches[i].priority > matches[j].priority })
	for i := 0; i < len(matches) && i < n; i++ {
		found = append(found, matches[i].describe())
	}
	return found
}

// Level 3

func (m *TaskManagerImpl) AddUser(timestamp int, userID string, quota int) bool {
	m.expire(timestamp)
	if _, exists := m.users[userID]; exists || quota < 1 {
		return false
	}
	m.users[userID] = &user{id: userID, quota: quota, active: map[string]*assignment{}}
	return true
}

func (m *TaskManagerImpl) AssignTask(timestamp int, userID string, taskID string, deadline int) bool {
	t := m.live(timestamp, taskID)
	u, ok := m.users[userID]
	if t == nil || !ok || deadline <= timestamp {
		return false
	}
	if t.assignment != nil || len(u.active) >= u.quota {
		return false
	}
	a := &assignment{task: t, user: u, deadline: deadline, seq: m.seq}
	m.seq++
	t.assignment = a
	u.active[t.id] = a
	heap.Push(&m.deadlines, a)
	m.record(t, timestamp, "assigned to "+userID+" until "+strconv.Itoa(deadline))
	return true
}

func (m *TaskManagerImpl) CompleteTask(timestamp int, userID string, taskID string) bool {
	t := m.live(timestamp, taskID)
	if t == nil || t.assignment == nil || t.assignment.user.id != userID {
		return false
	}
	m.end(t.assignment)
	m.record(t, timestamp, "completed by "+userID)
	return true
}

func (m *TaskManagerImpl) GetUserTasks(timestamp int, userID string) []string {
	m.expire(timestamp)
	found := []string{}
	u, ok := m.users[userID]
	if !ok {
		return found
	}
	active := make([]*assignment, 0, len(u.active))
	for _, a := range u.active {
		active = append(active, a)
	}
	sort.Slice(active, func(i, j int) bool {
		if active[i].deadline != active[j].deadline {
			return active[i].deadline < active[j].deadline
		}
		return active[i].task.number < active[j].task.number
	})
	for _, a := range active {
		found = append(found, a.task.describe())
	}
	return found
}

// Level 4

func (m *TaskManagerImpl) GetOverdueTasks(timestamp int, userID string) []string {
	m.expire(timestamp)
	u, ok := m.users[userID]
	if !ok {
		return []string{}
	}
	return append([]string{}, u.overdue...)
}

func (m *TaskManagerImpl) GetTaskHistory(timestamp int, taskID string) []string {
	m.expire(timestamp)
	t, ok := m.tasks[taskID]
	if !ok {
		return []string{}
	}
	return append([]string{}, t.history...)
}
