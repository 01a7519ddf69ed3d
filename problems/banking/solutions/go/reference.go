// Reference solution for the banking system: all four levels, in every variant.
//
// Level 3 comes in three variants, and level 4 follows each: cashback (the levels as written:
// Pay, GetPaymentStatus), scheduled (SchedulePayment, CancelPayment) and accept (OfferTransfer,
// AcceptTransfer). A session calls one variant's methods only; MergeAccounts and GetBalance
// serve all three.
package bankingsystem

import (
	"container/heap"
	"sort"
	"strconv"
)

const (
	cashbackDelay   = 86_400_000 // 24 hours in milliseconds
	cashbackPercent = 2
	offerLifetime   = 86_400_000 // an offered transfer expires 24 hours after it is made
)

// account is one account's life: balance, outgoing total and its balance history.
type account struct {
	id        string
	balance   int
	outgoing  int
	createdAt int
	closedAt  *int  // set when merged into another account
	times     []int // history: the balance after every change
	balances  []int
}

func newAccount(id string, createdAt int) *account {
	return &account{id: id, createdAt: createdAt, times: []int{createdAt}, balances: []int{0}}
}

func (a *account) change(timestamp int, delta int) {
	a.balance += delta
	a.times = append(a.times, timestamp)
	a.balances = append(a.balances, a.balance)
}

func (a *account) balanceAt(timeAt int) *int {
	if timeAt < a.createdAt || (a.closedAt != nil && timeAt >= *a.closedAt) {
		return nil
	}
	// The last change at or before timeAt: the first one after it, minus one.
	index := sort.Search(len(a.times), func(i int) bool { return a.times[i] > timeAt }) - 1
	balance := a.balances[index]
	return &balance
}

// timed is a record that does something when its due time comes.
type timed interface{ comeDue() }

// payment (variant cashback) is a payment, whose cashback is credited when due.
type payment struct {
	owner    *account
	cashback int
	due      int
	received bool
}

func (p *payment) comeDue() {
	p.owner.change(p.due, p.cashback)
	p.received = true
}

// scheduledPayment (variant scheduled) is carried out when due, if the balance allows.
type scheduledPayment struct {
	owner  *account
	amount int
	due    int
	state  string // "waiting", then "done", "skipped" or "cancelled"
}

func (s *scheduledPayment) comeDue() {
	if s.state != "waiting" {
		return // cancelled
	}
	if s.owner.balance < s.amount {
		s.state = "skipped"
		return
	}
	s.owner.change(s.due, -s.amount)
	s.owner.outgoing += s.amount
	s.state = "done"
}

// offer (variant accept) is an offered transfer, its amount held from the source until accepted or expired.
type offer struct {
	source *account
	target *account
	amount int
	due    int    // when it expires
	state  string // "pending", then "accepted", "expired" or "withdrawn" (by a merge)
}

func (o *offer) comeDue() {
	if o.state == "pending" {
		o.source.change(o.due, o.amount) // the hold goes back
		o.state = "expired"
	}
}

// dueEntry is a timed record in the queue: by due time, then in the order the records were made.
type dueEntry struct {
	due    int
	order  int
	record timed
}

type pending []dueEntry

func (p pending) Len() int { return len(p) }
func (p pending) Less(i, j int) bool {
	return p[i].due < p[j].due || (p[i].due == p[j].due && p[i].order < p[j].order)
}
func (p pending) Swap(i, j int) { p[i], p[j] = p[j], p[i] }
func (p *pending) Push(x any)   { *p = append(*p, x.(dueEntry)) }
func (p *pending) Pop() any {
	old := *p
	last := old[len(old)-1]
	*p = old[:len(old)-1]
	return last
}

// BankingSystemImpl keeps the accounts that exist now, and every account ever created under an id.
type BankingSystemImpl struct {
	accounts  map[string]*account
	lives     map[string][]*account
	payments  map[string]*payment
	scheduled map[string]*scheduledPayment
	offers    map[string]*offer
	pending   pending // every timed record yet to come due
	made      int     // timed records made so far: the order of those due at the same time
}

// NewBankingSystemImpl returns a bank with no accounts.
func NewBankingSystemImpl() *BankingSystemImpl {
	return &BankingSystemImpl{
		accounts:  map[string]*account{},
		lives:     map[string][]*account{},
		payments:  map[string]*payment{},
		scheduled: map[string]*scheduledPayment{},
		offers:    map[string]*offer{},
	}
}

func (b *BankingSystemImpl) atDue(due int, record timed) {
	b.made++
	heap.Push(&b.pending, dueEntry{due: due, order: b.made, record: record})
}

// settle lets everything due at or before timestamp happen: in due order, ties in the order made.
func (b *BankingSystemImpl) settle(timestamp int) {
	for len(b.pending) > 0 && b.pending[0].due <= timestamp {
		heap.Pop(&b.pending).(dueEntry).record.comeDue()
	}
}

// Level 1

func (b *BankingSystemImpl) CreateAccount(timestamp int, accountID string) bool {
	b.settle(timestamp)
	if _, exists := b.accounts[accountID]; exists {
		return false
	}
	created := newAccount(accountID, timestamp)
	b.accounts[accountID] = created
	b.lives[accountID] = append(b.lives[accountID], created)
	return true
}

func (b *BankingSystemImpl) Deposit(timestamp int, accountID string, amount int) *int {
	b.settle(timestamp)
	target, ok := b.accounts[accountID]
	if !ok {
		return nil
	}
	target.change(timestamp, amount)
	balance := target.balance
	return &balance
}

func (b *BankingSystemImpl) Transfer(timestamp int, sourceAccountID string, targetAccountID string, amount int) *int {
	b.settle(timestamp)
	source, sourceFound := b.accounts[sourceAccountID]
	target, targetFound := b.accounts[targetAccountID]
	if !sourceFound || !targetFound || source == target || source.balance < amount {
		return nil
	}
	source.change(timestamp, -amount)
	target.change(timestamp, amount)
	source.outgoing += amount
	balance := source.balance
	return &balance
}

// Level 2

func (b *BankingSystemImpl) TopSpenders(timestamp int, n int) []string {
	b.settle(timestamp)
	ranked := make([]*account, 0, len(b.accounts))
	for _, a := range b.accounts {
		ranked = append(ranked, a)
	}
	sort.Slice(ranked, func(i, j int) bool {
		if ranked[i].outgoing != ranked[j].outgoing {
			return ranked[i].outgoing > ranked[j].outgoing
		}
		return ranked[i].id < ranked[j].id
	})
	if n < len(ranked) {
		ranked = ranked[:n]
	}
	listed := make([]string, len(ranked))
	for i, a := range ranked {
		listed[i] = a.id + "(" + strconv.Itoa(a.outgoing) + ")"
	}
	return listed
}

// Level 3, variant cashback

func (b *BankingSystemImpl) Pay(timestamp int, accountID string, amount int) *string {
	b.settle(timestamp)
	payer, ok := b.accounts[accountID]
	if !ok || payer.balance < amount {
		return nil
	}
	payer.change(timestamp, -amount)
	payer.outgoing += amount
	number := len(b.payments) + 1
	id := "payment" + strconv.Itoa(number)
	made := &payment{owner: payer, cashback: amount * cashbackPercent / 100, due: timestamp + cashbackDelay}
	b.payments[id] = made
	b.atDue(made.due, made)
	return &id
}

func (b *BankingSystemImpl) GetPaymentStatus(timestamp int, accountID string, paymentID string) *string {
	b.settle(timestamp)
	owner, ok := b.accounts[accountID]
	record, found := b.payments[paymentID]
	if !ok || !found || record.owner != owner {
		return nil
	}
	status := "IN_PROGRESS"
	if record.received {
		status = "CASHBACK_RECEIVED"
	}
	return &status
}

// Level 3, variant scheduled

func (b *BankingSystemImpl) SchedulePayment(timestamp int, accountID string, amount int, delay int) *string {
	b.settle(timestamp)
	account, ok := b.accounts[accountID]
	if !ok {
		return nil
	}
	id := "payment" + strconv.Itoa(len(b.scheduled)+1)
	scheduled := &scheduledPayment{owner: account, amount: amount, due: timestamp + delay, state: "waiting"}
	b.scheduled[id] = scheduled
	b.atDue(scheduled.due, scheduled)
	return &id
}

func (b *BankingSystemImpl) CancelPayment(timestamp int, accountID string, paymentID string) bool {
	b.settle(timestamp) // a payment due now has been handled: too late to cancel
	account, ok := b.accounts[accountID]
	scheduled, found := b.scheduled[paymentID]
	if !ok || !found || scheduled.owner != account || scheduled.state != "waiting" {
		return false
	}
	scheduled.state = "cancelled"
	return true
}

// Level 3, variant accept

func (b *BankingSystemImpl) OfferTransfer(timestamp int, sourceAccountID string, targetAccountID string, amount int) *string {
	b.settle(timestamp)
	source, sourceFound := b.accounts[sourceAccountID]
	target, targetFound := b.accounts[targetAccountID]
	if !sourceFound || !targetFound || source == target || amount > source.balance {
		return nil
	}
	source.change(timestamp, -amount) // held: out of the balance until accepted or expired
	id := "transfer" + strconv.Itoa(len(b.offers)+1)
	offered := &offer{source: source, target: target, amount: amount, due: timestamp + offerLifetime, state: "pending"}
	b.offers[id] = offered
	b.atDue(offered.due, offered)
	return &id
}

func (b *BankingSystemImpl) AcceptTransfer(timestamp int, accountID string, transferID string) bool {
	b.settle(timestamp) // an offer expiring now has expired
	account, ok := b.accounts[accountID]
	offered, found := b.offers[transferID]
	if !ok || !found || offered.target != account || offered.state != "pending" {
		return false
	}
	offered.state = "accepted"
	account.change(timestamp, offered.amount)
	offered.source.outgoing += offered.amount
	return true
}

// Level 4

func (b *BankingSystemImpl) MergeAccounts(timestamp int, accountID1 string, accountID2 string) bool {
	b.settle(timestamp)
	first, firstFound := b.accounts[accountID1]
	second, secondFound := b.accounts[accountID2]
	if !firstFound || !secondFound || first == second {
		return false
	}
	first.change(timestamp, second.balance)
	first.outgoing += second.outgoing
	for _, record := range b.payments {
		if record.owner == second {
			record.owner = first // status queries and pending cashback follow the survivor
		}
	}
	for _, scheduled := range b.scheduled {
		if scheduled.owner == second {
			scheduled.owner = first // waiting payments are now carried out from the survivor
		}
	}
	// Map order is random, but each offer is handled on its own: the order does not matter.
	for _, offered := range b.offers {
		if offered.source == second {
			offered.source = first
		}
		if offered.target == second {
			offered.target = first
		}
		if offered.state == "pending" && offered.source == offered.target {
			offered.state = "withdrawn" // an offer between the two: its hold is the survivor's again
			first.change(timestamp, offered.amount)
		}
	}
	closed := timestamp
	second.closedAt = &closed
	delete(b.accounts, accountID2)
	return true
}

func (b *BankingSystemImpl) GetBalance(timestamp int, accountID string, timeAt int) *int {
	b.settle(timestamp)
	lives := b.lives[accountID]
	for i := len(lives) - 1; i >= 0; i-- {
		if lives[i].createdAt <= timeAt {
			return lives[i].balanceAt(timeAt)
		}
	}
	return nil
}
