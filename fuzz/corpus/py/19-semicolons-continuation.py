x = 1; y = 2;
z = \
  3
w = [1,\
 2]
def f(): return 1; 
