#!/usr/bin/env python3
# Issue 23, (a') variance ratio: a generalised Pareto tail for the candidate's variance, tried on
# 2026-12-05 and not adopted (docs/statistics.md, "What was tried"). The top fraction K of the
# values is fitted by probability-weighted moments (Hosking & Wallis 1987, Technometrics 29(3)),
# the variance is the body's empirical moments plus the fitted tail's (infinite when the shape
# reaches 1/2), and the interval is the percentile bootstrap of the log ratio against the
# baseline's sample variance. Prints coverage, median width and how many upper ends were infinite.
#   python3 scripts/stats/gpd-tail-variance.py "a'" SEED REPS RESAMPLES K   (cells: a', ln1r1, ln05r1, ln03r1)
import numpy as np, sys
rng=np.random.default_rng(int(sys.argv[2]))
reps=int(sys.argv[3]); B=int(sys.argv[4]); kfrac=float(sys.argv[5]) if len(sys.argv)>5 else 0.1
def pwm_gpd(y):
    y=np.sort(y); n=len(y)
    a0=y.mean(); a1=np.mean(y*(n-1-np.arange(n))/(n-1))
    d=a0-2*a1
    k=a0/d-2; beta=2*a0*a1/d
    return -k, beta   # xi, beta
def tailvar(x, kfrac):
    x=np.sort(x); n=len(x); k=int(kfrac*n)
    u=x[n-k-1]; body=x[:n-k]; y=x[n-k:]-u
    xi,beta=pwm_gpd(y)
    if xi>=0.5 or beta<=0: return np.inf
    m1=(body.sum()+k*(u+beta/(1-xi)))/n
    m2=((body**2).sum()+k*(u*u+2*u*beta/(1-xi)+2*beta*beta/((1-xi)*(1-2*xi))))/n
    return (m2-m1*m1)*n/(n-1)
cells={"a'":(1.0,0.25,1.0),"ln1r1":(1.0,1.0,1.0),"ln05r1":(0.5,0.5,1.0),"ln03r1":(0.3,0.3,1.0)}
sc,sb,R=cells[sys.argv[1]]
def lvar(s): return np.exp(2*np.log(1000.))*(np.exp(2*s*s)-np.exp(s*s))
truth=lvar(sc)/lvar(sb)*R
cov=0; covs=0; widths=[]; inf=0
for r in range(reps):
    c=np.exp(np.log(1000.)+sc*rng.standard_normal(1000)); b=np.exp(np.log(1000.)+sb*rng.standard_normal(1000))/np.sqrt(R)
    T=np.log(tailvar(c,kfrac)/np.var(b,ddof=1))
    reps_=[]
    for _ in range(B):
        cs=rng.choice(c,1000); bs=rng.choice(b,1000)
        reps_.append(np.log(tailvar(cs,kfrac)/np.var(bs,ddof=1)))
    reps_=np.array(reps_); reps_[~np.isfinite(reps_)]=50.0
    lo,hi=np.quantile(reps_,[.025,.975])
    if hi>=49: inf+=1
    if lo<=np.log(truth)<=hi: cov+=1
    widths.append(np.exp(hi)-np.exp(lo))
print(sys.argv[1],"k",kfrac,"truth",round(truth,2),"coverage",cov/reps,"median width",np.median(widths),"infinite upper",inf)
