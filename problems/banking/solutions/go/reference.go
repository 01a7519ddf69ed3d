// Reference solution for the banking system, all four levels.
package bankingsystem

import (
	"container/heap"
	"sort"
	"strconv"
)

const (
	cashbackDelay   = 86_400_000 // 24 hours in milliseconds
	cashbackPercent = 2
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

type payment struct {
	owner    *account
	cashback int
	due      int
	number   int
	received bool
}

// pending orders the payments whose cashback is not credited yet by due time, then by number.
type pending []*payment

func (p pending) Len() int { return len(p) }
func (p pending) Less(i, j int) bool {
	return p[i].due < p[j].due || (p[i].due == p[j].due && p[i].number < p[j].number)
}
func (p pending) Swap(i, j int) { p[i], p[j] = p[j], p[i] }
func (p *pending) Push(x any)   { *p = append(*p, x.(*payment)) }
func (p *pending) Pop() any {
	old := *p
	last := old[len(old)-1]
	*p = old[:len(old)-1]
	return last
}

// BankingSystemImpl keeps the accounts that exist now, and every account ever created under an id.
type BankingSystemImpl struct {
	accounts map[string]*account
	lives    map[string][]*account
	payments map[string]*payment
	pending  pending
}

// NewBankingSystemImpl returns a bank with no accounts.
func NewBankingSystemImpl() *BankingSystemImpl {
	return &BankingSystemImpl{accounts: map[string]*account{}, lives: map[string][]*account{}, payments: map[string]*payment{}}
}

// settle credits every cashback due at or before timestamp, in due order.
func (b *BankingSystemImpl) settle(timestamp int) {
	for len(b.pending) > 0 && b.pending[0].due <= timestamp {
		due := heap.Pop(&b.pending).(*payment)
		due.owner.change(due.due, due.cashback)
		due.received = true
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

// Level 3

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
	made := &payment{owner: payer, cashback: amount * cashbackPercent / 100, due: timestamp + cashbackDelay, number: number}
	b.payments[id] = made
	heap.Push(&b.pending, made)
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
