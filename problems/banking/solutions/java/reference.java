// Reference solution for the banking system, all four levels (graded as BankingSystemImpl.java).
//
// No method says @Override: the same file is graded against the interface of every level, and at
// level 1 the interface does not declare the methods of levels 2-4 yet. Amounts are long: the
// tests deposit billions.

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

public class BankingSystemImpl implements BankingSystem {
    private static final long CASHBACK_DELAY = 86_400_000L; // 24 hours in milliseconds
    private static final long CASHBACK_PERCENT = 2;

    /** One account's life: balance, outgoing total and its balance history. */
    private static final class Account {
        final String id;
        final long createdAt;
        long balance;
        long outgoing;
        Long closedAt; // set when merged into another account
        final List<Long> times = new ArrayList<>(); // history: the balance after every change
        final List<Long> balances = new ArrayList<>();

        Account(String id, long createdAt) {
            this.id = id;
            this.createdAt = createdAt;
            times.add(createdAt);
            balances.add(0L);
        }

        void change(long timestamp, long delta) {
            balance += delta;
            times.add(timestamp);
            balances.add(balance);
        }

        Long balanceAt(long timeAt) {
            if (timeAt < createdAt || (closedAt != null && timeAt >= closedAt)) {
                return null;
            }
            // The last change at or before timeAt: times only grow, so search from the end.
            int index = times.size() - 1;
            while (times.get(index) > timeAt) {
                index--;
            }
            return balances.get(index);
        }
    }

    private static final class Payment {
        final long number;
        Account owner;
        final long cashback;
        final long due;
        boolean received;

        Payment(long number, Account owner, long amount, long due) {
            this.number = number;
            this.owner = owner;
            this.cashback = amount * CASHBACK_PERCENT / 100; // amounts are positive: division rounds down
            this.due = due;
        }
    }

    private final Map<String, Account> accounts = new HashMap<>(); // accounts that exist now
    private final Map<String, List<Account>> lives = new HashMap<>(); // every account ever created under an id
    private final Map<String, Payment> payments = new HashMap<>();
    private final PriorityQueue<Payment> pending =
            new PriorityQueue<>(Comparator.comparingLong((Payment p) -> p.due).thenComparingLong(p -> p.number));

    // -- helpers ---------------------------------------------------------------

    /** Credit every cashback due at or before {@code timestamp}, in due order. */
    private void settle(long timestamp) {
        while (!pending.isEmpty() && pending.peek().due <= timestamp) {
            Payment payment = pending.poll();
            payment.owner.change(payment.due, payment.cashback);
            payment.received = true;
        }
    }

    // -- level 1 ---------------------------------------------------------------

    public boolean createAccount(long timestamp, String accountId) {
        settle(timestamp);
        if (accounts.containsKey(accountId)) {
            return false;
        }
        Account account = new Account(accountId, timestamp);
        accounts.put(accountId, account);
        lives.computeIfAbsent(accountId, unused -> new ArrayList<>()).add(account);
        return true;
    }

    public Long deposit(long timestamp, String accountId, long amount) {
        settle(timestamp);
        Account account = accounts.get(accountId);
        if (account == null) {
            return null;
        }
        account.change(timestamp, amount);
        return account.balance;
    }

    public Long transfer(long timestamp, String sourceAccountId, String targetAccountId, long amount) {
        settle(timestamp);
        Account source = accounts.get(sourceAccountId);
        Account target = accounts.get(targetAccountId);
        if (source == null || target == null || source == target || source.balance < amount) {
            return null;
        }
        source.change(timestamp, -amount);
        target.change(timestamp, amount);
        source.outgoing += amount;
        return source.balance;
    }

    // -- level 2 ---------------------------------------------------------------

    public List<String> topSpenders(long timestamp, long n) {
        settle(timestamp);
        List<Account> ranked = new ArrayList<>(accounts.values());
        ranked.sort(Comparator.comparingLong((Account a) -> -a.outgoing).thenComparing(a -> a.id));
        List<String> top = new ArrayList<>();
        for (Account account : ranked.subList(0, (int) Math.min(n, ranked.size()))) {
            top.add(account.id + "(" + account.outgoing + ")");
        }
        return top;
    }

    // -- level 3 ---------------------------------------------------------------

    public String pay(long timestamp, String accountId, long amount) {
        settle(timestamp);
        Account account = accounts.get(accountId);
        if (account == null || account.balance < amount) {
            return null;
        }
        account.change(timestamp, -amount);
        account.outgoing += amount;
        long number = payments.size() + 1;
        String paymentId = "payment" + number;
        Payment payment = new Payment(number, account, amount, timestamp + CASHBACK_DELAY);
        payments.put(paymentId, payment);
        pending.add(payment);
        return paymentId;
    }

    public String getPaymentStatus(long timestamp, String accountId, String payment) {
        settle(timestamp);
        Account account = accounts.get(accountId);
        Payment record = payments.get(payment);
        if (account == null || record == null || record.owner != account) {
            return null;
        }
        return record.received ? "CASHBACK_RECEIVED" : "IN_PROGRESS";
    }

    // -- level 4 ---------------------------------------------------------------

    public boolean mergeAccounts(long timestamp, String accountId1, String accountId2) {
        settle(timestamp);
        Account first = accounts.get(accountId1);
        Account second = accounts.get(accountId2);
        if (first == null || second == null || first == second) {
            return false;
        }
        first.change(timestamp, second.balance);
        first.outgoing += second.outgoing;
        for (Payment record : payments.values()) {
            if (record.owner == second) {
                record.owner = first; // status queries and pending cashback follow the survivor
            }
        }
        second.closedAt = timestamp;
        accounts.remove(accountId2);
        return true;
    }

    public Long getBalance(long timestamp, String accountId, long timeAt) {
        settle(timestamp);
        List<Account> history = lives.getOrDefault(accountId, List.of());
        for (int i = history.size() - 1; i >= 0; i--) {
            if (history.get(i).createdAt <= timeAt) {
                return history.get(i).balanceAt(timeAt);
            }
        }
        return null;
    }
}
